import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io/errors.js';
import { applyAssignments, parseAssignment } from '../src/replay/set-path.js';
import { scratchDir } from './helpers/scratch.js';
import { usageError } from './helpers/usage-error.js';

const set = (body: unknown, ...raw: string[]) => applyAssignments(body, raw.map(parseAssignment));

describe('parseAssignment', () => {
  it('types the value as JSON when it parses, as text otherwise', () => {
    expect(parseAssignment('status=failed').value).toBe('failed');
    expect(parseAssignment('duration=12').value).toBe(12);
    expect(parseAssignment('contact.name="Ann"')).toMatchObject({ path: ['contact', 'name'], value: 'Ann' });
    expect(parseAssignment('isTestCall=true').value).toBe(true);
    expect(parseAssignment('slackUrl=null').value).toBeNull();
    expect(parseAssignment('tags=["a",1]').value).toEqual(['a', 1]);
    expect(parseAssignment('id="12"').value).toBe('12');
  });

  it('splits on the first "=" only, so values may contain one', () => {
    expect(parseAssignment('url=https://x.test/?a=b').value).toBe('https://x.test/?a=b');
    expect(parseAssignment('note=').value).toBe('');
  });

  it.each(['status', '=failed', 'a..b=1', '.a=1', 'a.=1'])('rejects the malformed "%s" as a usage error', (raw) => {
    expect(() => parseAssignment(raw)).toThrow(UsageError);
  });

  it.each(['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'a.prototype=1'])('refuses the prototype path %s', (raw) => {
    expect(() => parseAssignment(raw)).toThrow(/cannot be set/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('applyAssignments', () => {
  const body = { status: 'queued', contact: { name: 'Emily', data: { email: 'e@x.test' } }, transcript: [{ role: 'user' }] };

  it('overrides nested fields in a copy and leaves the original alone', () => {
    const result = set(body, 'status=failed', 'contact.name="Ann"', 'duration=12');
    expect(result).toEqual({ ...body, status: 'failed', contact: { ...body.contact, name: 'Ann' }, duration: 12 });
    expect(body.status).toBe('queued');
    expect(body.contact.name).toBe('Emily');
  });

  it('creates missing objects along the path and applies assignments in order', () => {
    expect(set({}, 'a.b.c=1', 'a.b.d=2', 'a.b.c=3')).toEqual({ a: { b: { c: 3, d: 2 } } });
  });

  it('indexes arrays with numeric segments', () => {
    expect(set(body, 'transcript.0.role="agent"', 'transcript.1={"role":"user"}')).toMatchObject({
      transcript: [{ role: 'agent' }, { role: 'user' }],
    });
    expect(() => set(body, 'transcript.5.role=x')).toThrow(/not an index/);
  });

  it('refuses to walk through a value that is not an object, showing how to replace it whole', () => {
    expect(() => set(body, 'status.code=1')).toThrow(/status is "queued", not an object/);
    const error = usageError(() => set(body, 'contact.name.first.initial="A"'));
    expect(error.message).toBe('cannot apply --set contact.name.first.initial="A": contact.name is "Emily", not an object');
    expect(error.hint).toBe(`--set paths go through objects only: set contact.name itself, e.g. --set contact.name='{"first":{"initial":"A"}}'`);
    expect(usageError(() => set(body, `status.note="it's"`)).hint).toBe(`--set paths go through objects only: set status itself, e.g. --set status='{"note":"it'\\''s"}'`);
  });

  it('says which indexes an array takes', () => {
    const error = usageError(() => set(body, 'transcript.5.role=x'));
    expect(error.message).toBe('cannot apply --set transcript.5.role=x: "5" is not an index of that array (0-1)');
    expect(error.hint).toBe('transcript has 1 item: use an index from 0 to 1, where 1 adds one at the end');
    expect(usageError(() => set({ tags: [] }, 'tags.x=1')).hint).toBe('tags has 0 items: use an index from 0 to 0, where 0 adds one at the end');
  });

  it('needs a JSON object payload', () => {
    expect(() => set([1, 2], 'a=1')).toThrow(UsageError);
    expect(set([1, 2])).toEqual([1, 2]);
  });
});

describe('a --set that cannot apply (built CLI)', () => {
  const scratch = scratchDir('vh-set-path-');

  it('says why in one line and what to do instead in the next', async () => {
    const result = await scratch.run(['replay', 'CallStatusChanged', '--dry-run', '--set', 'status.code=1']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: cannot apply --set status.code=1: status is "in-progress", not an object\n  --set paths go through objects only: set status itself, e.g. --set status='{"code":1}'\n`,
    );
  });
});
