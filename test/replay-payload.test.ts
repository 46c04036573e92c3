import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fixtureBody, sinkPerTest } from './helpers/replay.js';
import { scratchDir } from './helpers/scratch.js';

describe('replay payloads and arguments (built CLI)', () => {
  const scratch = scratchDir('vh-replay-payload-');
  const { to, received, bodies } = sinkPerTest();

  it('overrides fields with --set, typed as JSON', async () => {
    const result = await scratch.run(['replay', 'CONNECTED', ...(await to()), '--set', 'status=failed', '--set', 'duration=12', '--set', 'contact.name="Ann"', '--set', 'contact.data.vip=true']);
    expect(result.code).toBe(0);
    const [body] = bodies();
    expect(body).toMatchObject({ status: 'failed', duration: 12, contact: { name: 'Ann', data: { vip: true, email: 'emily.carter@gmail.com' } } });
  });

  it('rejects a malformed --set with exit code 2 and sends nothing', async () => {
    const target = await to();
    for (const bad of ['status', '__proto__.x=1']) {
      const result = await scratch.run(['replay', 'CallStatusChanged', ...target, '--set', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: invalid --set/);
    }
    expect(received()).toHaveLength(0);
  });

  it('sends fresh ids per delivery by default and the written ones with --keep-ids', async () => {
    const target = await to();
    const fresh = await scratch.run(['replay', 'CallStatusChanged', 'CallStatusChanged', ...target, '--gap', '0']);
    expect(fresh.code).toBe(0);
    const kept = await scratch.run(['replay', 'CallStatusChanged', ...target, '--keep-ids']);
    expect(kept.code).toBe(0);
    const [first, second, third] = bodies();
    const original = fixtureBody('CallStatusChanged');
    expect(first?.eventId).not.toBe(original.eventId);
    expect(second?.eventId).not.toBe(first?.eventId);
    expect(first?.timestamp).not.toBe(original.timestamp);
    expect(third).toEqual(original);
    expect(received()[2]?.headers['x-event-id']).toBe(original.eventId);
    expect(received()[2]?.headers['x-timestamp']).toBe(original.timestamp);
  });

  it('reads a payload from stdin with - and detects its platform', async () => {
    const payload = { eventType: 'CallStudioJobStatusChanged', timestamp: '2026-01-01T00:00:00.000Z', eventId: 'e', jobId: 'job_stdin', agentId: 'ws', status: 'failed' };
    const result = await scratch.run(['replay', '-', ...(await to())], { input: JSON.stringify(payload) });
    expect(result.code).toBe(0);
    expect(bodies()[0]).toMatchObject({ jobId: 'job_stdin', status: 'failed' });
    expect(received()[0]?.headers['x-event-type']).toBe('CallStudioJobStatusChanged');
    expect(result.stdout).toContain('→ stdin');
  });

  it('sends a JSON file given by path', async () => {
    await writeFile(scratch.path('mine.json'), JSON.stringify({ ...fixtureBody('RecordingsAvailable'), callId: 'call_from_file' }));
    const result = await scratch.run(['replay', 'mine.json', ...(await to())]);
    expect(result.code).toBe(0);
    expect(bodies()[0]).toMatchObject({ callId: 'call_from_file', eventType: 'RecordingsAvailable' });
  });

  it('names the position of invalid JSON and the path of an unreadable file', async () => {
    await writeFile(scratch.path('broken.json'), '{\n  "eventType": "CallStatusChanged",\n  "status" "queued"\n}\n');
    const target = await to();
    const broken = await scratch.run(['replay', 'broken.json', ...target]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: broken\.json is not valid JSON: .* at line 3, column 12$/m);
    const missing = await scratch.run(['replay', './nope.json', ...target]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read ${scratch.path('nope.json')}: no such file`);
    expect(received()).toHaveLength(0);
  });

  it('suggests the fixture a typo meant', async () => {
    const result = await scratch.run(['replay', 'callstatuschange', ...(await to())]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown fixture "callstatuschange"');
    expect(result.stderr).toContain('did you mean CallStatusChanged?');
  });

  it('names bundled fixtures case-insensitively and refuses API responses', async () => {
    const target = await to();
    expect((await scratch.run(['replay', 'hang_up', ...target])).code).toBe(0);
    const api = await scratch.run(['replay', 'call-analysis', ...target]);
    expect(api.code).toBe(2);
    expect(api.stderr).toContain('call-analysis is an API response, not a webhook event');
  });

  it('explains how to name a fixture when none is given and there is no terminal', async () => {
    const result = await scratch.run(['replay', ...(await to())]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no fixture to replay');
    expect(result.stderr).toContain('voicehub-hooks fixtures');
    expect(result.stdout).toBe('');
  });

  it.each([
    [[], '--to <url> is required'],
    [['--to', 'localhost:3000/hook'], '--to must be an http:// or https:// URL'],
    [['--to', 'ftp://x/'], '--to must be an http:// or https:// URL'],
    [['--to', 'http://x/', '--retries', 'three'], "option '--retries <n>' argument 'three' is invalid"],
    [['--to', 'http://x/', '--timeout', '0'], "option '--timeout <ms>' argument '0' is invalid"],
    [['--to', 'http://x/', '--scenario', 'party'], "argument 'party' is invalid. Allowed choices are call"],
    [['--to', 'http://x/', '--concurrency', '5'], '--concurrency needs --repeat'],
    [['--to', 'http://x/', '--event', 'e1'], '--event selects a delivery of --from-log'],
  ])('rejects %j with exit code 2', async (flags, message) => {
    const result = await scratch.run(['replay', 'CallStatusChanged', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('prints the requests with --dry-run, secret redacted, and sends nothing', async () => {
    const target = await to();
    const result = await scratch.run(['replay', 'CallStudioJobTranscriptReady', 'PostCall', ...target, '--secret', 'top-s3cret', '--dry-run']);
    expect(result.code).toBe(0);
    expect(received()).toHaveLength(0);
    expect(result.stdout).toContain(`POST ${target[1]}`);
    expect(result.stdout).toContain('x-event-type: CallStudioJobTranscriptReady');
    expect(result.stdout).toContain('x-webhook-secret: [redacted]');
    expect(result.stdout).toContain('"transcriptUrl": "https://voicehub.dataqueue.ai/api/v1/playground/job_5d21e8a0c4f7"');
    expect(result.stdout).not.toContain('top-s3cret');
    expect(result.stderr).toContain('nothing was sent');
  });

  it('prints dry-run requests as JSON, one per line, without needing --to', async () => {
    const result = await scratch.run(['replay', 'CallStatusChanged', '--dry-run', '--json', '--secret', 'x-secret']);
    expect(result.code).toBe(0);
    const request = JSON.parse(result.stdout);
    expect(request).toMatchObject({ method: 'POST', headers: { 'x-webhook-secret': '[redacted]', 'x-event-type': 'CallStatusChanged' }, body: { eventType: 'CallStatusChanged' } });
    expect(request.headers['x-event-id']).toBe(request.body.eventId);
  });
});
