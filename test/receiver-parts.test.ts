import { describe, expect, it } from 'vitest';
import { AttemptCounter } from '../src/receiver/attempts.js';
import { BoundedMap } from '../src/receiver/bounded-map.js';
import { interpretBody, meantAsJson } from '../src/receiver/delivery.js';
import { checkSecret } from '../src/receiver/secret.js';
import { acceptedVerdict, formatBytes, statusOf, verdictText } from '../src/receiver/verdict.js';

describe('BoundedMap', () => {
  it('never holds more than its capacity and evicts the least recently used entry', () => {
    const map = new BoundedMap<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) map.set(key, i);
    map.set('a', 10); // touch "a": "b" is now the oldest
    map.set('d', 3);
    expect(map.size).toBe(3);
    expect(map.get('b')).toBeUndefined();
    expect([map.get('a'), map.get('c'), map.get('d')]).toEqual([10, 2, 3]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});

describe('AttemptCounter', () => {
  it('counts arrivals per key and stays within its cap under many distinct events', () => {
    const counter = new AttemptCounter(100);
    expect([counter.record('x'), counter.record('x'), counter.record('y')]).toEqual([1, 2, 1]);
    for (let i = 0; i < 10_000; i++) counter.record(`event-${i}`);
    expect(counter.size).toBe(100);
  });
});

describe('checkSecret', () => {
  it('tells a missing secret from a wrong one, whatever the length', () => {
    expect(checkSecret('whsec_abc', 'whsec_abc')).toBe('ok');
    expect(checkSecret('whsec_abc', undefined)).toBe('missing');
    expect(checkSecret('whsec_abc', '')).toBe('missing');
    expect(checkSecret('whsec_abc', 'whsec_abd')).toBe('mismatch');
    expect(checkSecret('whsec_abc', 'whsec_abc_and_more')).toBe('mismatch');
    expect(checkSecret('whsec_abc', ['whsec_abc', 'whsec_abc'])).toBe('mismatch');
  });
});

describe('verdicts', () => {
  it('applies --fail-first before --status', () => {
    const policy = { status: 202, failFirst: 1 };
    expect(statusOf(acceptedVerdict(policy, 1))).toBe(500);
    expect(statusOf(acceptedVerdict(policy, 2))).toBe(202);
    expect(statusOf(acceptedVerdict({}, 5))).toBe(200);
  });

  it('words each verdict, adding the attempt to repeated deliveries', () => {
    expect(verdictText({ kind: 'accepted' }, 1)).toBe('accepted');
    expect(verdictText({ kind: 'accepted' }, 4)).toBe('duplicate (attempt 4)');
    expect(verdictText({ kind: 'unauthorized', reason: 'secret missing' }, 2)).toBe('unauthorized: secret missing, duplicate (attempt 2)');
    expect(verdictText({ kind: 'too-large', limitBytes: 512 * 1024 }, 1)).toBe('body too large (over 512 KiB)');
  });

  it('formats byte limits the way they are typed', () => {
    expect([formatBytes(1024 * 1024), formatBytes(2048), formatBytes(1000)]).toEqual(['1 MiB', '2 KiB', '1000 bytes']);
  });
});

describe('interpretBody', () => {
  it('parses JSON (even after a byte order mark), keeps text, and flags bytes that are not UTF-8', () => {
    expect(interpretBody(Buffer.from('\uFEFF{"a":1}'))).toMatchObject({ format: 'json', value: { a: 1 } });
    expect(interpretBody(Buffer.from('a=1'))).toMatchObject({ format: 'text', text: 'a=1' });
    expect(interpretBody(Buffer.from('  '))).toMatchObject({ format: 'text', parseError: 'empty body' });
    expect(interpretBody(Buffer.from([0xc3, 0x28]))).toEqual({ format: 'binary', base64: Buffer.from([0xc3, 0x28]).toString('base64') });
  });

  it('keeps a __proto__ key as plain data', () => {
    const body = interpretBody(Buffer.from('{"__proto__":{"isAdmin":true}}'));
    expect(body.format).toBe('json');
    const value = body.format === 'json' ? (body.value as Record<string, unknown>) : {};
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('treats JSON-looking text as JSON whatever its content type', () => {
    expect(meantAsJson('application/x-www-form-urlencoded', interpretBody(Buffer.from('{oops')))).toBe(true);
    expect(meantAsJson('application/x-www-form-urlencoded', interpretBody(Buffer.from('a=1')))).toBe(false);
    expect(meantAsJson(undefined, interpretBody(Buffer.from('a=1')))).toBe(true);
    expect(meantAsJson('application/vnd.api+json', interpretBody(Buffer.from('a=1')))).toBe(true);
  });
});
