import { describe, expect, it } from 'vitest';
import type { Attempt } from '../src/delivery/deliver.js';
import { palette } from '../src/io/colour.js';
import { appAnswerNote, describeForward } from '../src/listen/forward-text.js';
import { describeAttempt, formatAttempt, formatDuration, formatVerdict } from '../src/render/attempt.js';

const c = palette(0);
const policy = { retries: 3, retryDelayMs: 1000, timeoutMs: 2500 };
const failed = (extra: Partial<Attempt>): Attempt => ({ attempt: 1, ok: false, latencyMs: 12.4, ...extra });

describe('describeAttempt', () => {
  it.each([
    [{ status: 500, cause: 'status' }, 'HTTP 500'],
    [{ status: 201, ok: true }, 'HTTP 201'],
    [{ status: 301, cause: 'status', location: 'https://new.example/hook' }, 'redirect to https://new.example/hook (not followed)'],
    [{ status: 304, cause: 'status' }, 'HTTP 304'],
    [{ cause: 'refused', detail: 'ECONNREFUSED' }, 'refused'],
    [{ cause: 'timeout', detail: 'no answer within 2500 ms' }, 'timeout after 2500 ms'],
    [{ cause: 'dns', detail: 'ENOTFOUND' }, 'DNS lookup failed'],
    [{ cause: 'tls', detail: 'CERT_HAS_EXPIRED' }, 'TLS error (CERT_HAS_EXPIRED)'],
    [{ cause: 'reset', detail: 'ECONNRESET' }, 'connection reset'],
    [{ cause: 'network', detail: 'EHOSTUNREACH' }, 'network error (EHOSTUNREACH)'],
  ] as const)('%j reads "%s"', (extra, words) => {
    expect(describeAttempt(failed(extra), policy.timeoutMs)).toBe(words);
  });
});

describe('formatAttempt and formatVerdict', () => {
  it('puts the counter out of retries + 1, the outcome, the latency and what the endpoint said on one line', () => {
    expect(formatAttempt(failed({ attempt: 2, status: 500, cause: 'status', responseSnippet: 'oops\nstack…' }), policy, c)).toBe(
      '  attempt 2/4  HTTP 500  12 ms  · "oops stack…"',
    );
    expect(formatAttempt({ attempt: 1, ok: true, status: 200, latencyMs: 0.4, responseSnippet: 'ok' }, policy, c)).toBe('  attempt 1/4  HTTP 200  <1 ms');
  });

  it('ends with the attempt that succeeded, or the last cause and the next step', () => {
    const ok = { ok: true, totalMs: 2150, attempts: [failed({ status: 500 }), { attempt: 2, ok: true, latencyMs: 3, status: 200 }] };
    expect(formatVerdict(ok, policy, 'http://x/', c)).toEqual(['✔ delivered on attempt 2/4 (2.15 s)']);
    const dns = { ok: false, totalMs: 40, attempts: [failed({ cause: 'dns', detail: 'ENOTFOUND' })] };
    expect(formatVerdict(dns, policy, 'http://nope.invalid/', c)).toEqual([
      '✖ not delivered after 1 attempt (40 ms): DNS lookup failed',
      '  check the host name in --to (http://nope.invalid/)',
    ]);
    const tls = { ok: false, totalMs: 40, attempts: [failed({ cause: 'tls', detail: 'DEPTH_ZERO_SELF_SIGNED_CERT' })] };
    expect(formatVerdict(tls, policy, 'https://x/', c)[1]).toContain('certificate');
  });

  it('formats durations for people', () => {
    expect([formatDuration(0.2), formatDuration(999.4), formatDuration(1234)]).toEqual(['<1 ms', '999 ms', '1.23 s']);
  });
});

describe('the forward line under a delivery (listen --forward-to)', () => {
  const app = 'http://localhost:3000/webhooks';

  it.each([
    [{ ok: true, status: 200, latencyMs: 12.4 }, 'forward → 200 in 12 ms'],
    [{ status: 500, cause: 'status' }, 'forward → 500 in 12 ms'],
    [{ status: 302, cause: 'status', location: '/elsewhere' }, 'forward → 302 to /elsewhere (redirects are not followed) in 12 ms'],
    [{ cause: 'refused' }, 'forward → refused (is your app running on :3000?)'],
    [{ cause: 'timeout', latencyMs: 10_000.3 }, 'forward → timeout after 10000 ms'],
    [{ cause: 'dns' }, 'forward → DNS lookup failed'],
    [{ cause: 'reset' }, 'forward → connection reset'],
  ] as const)('%j reads "%s", in the words replay uses', (extra, line) => {
    expect(describeForward(failed(extra), app, c)).toBe(line);
  });

  it('names the default port of the scheme when the URL has none', () => {
    expect(describeForward(failed({ cause: 'refused' }), 'https://app.test/hooks', c)).toBe('forward → refused (is your app running on :443?)');
  });

  it('quotes what a failing app said on one line, and nothing for a success or a connection failure', () => {
    expect(appAnswerNote(failed({ status: 500, responseSnippet: '{"error":\n  "duplicate key"}' }), c)).toBe('your app said: {"error": "duplicate key"}');
    expect(appAnswerNote(failed({ status: 500, responseSnippet: 'x'.repeat(300) }), c)).toBe(`your app said: ${'x'.repeat(199)}…`);
    expect(appAnswerNote({ ok: true, status: 200, latencyMs: 1, responseSnippet: 'ok' }, c)).toBeUndefined();
    expect(appAnswerNote(failed({ cause: 'reset', responseSnippet: 'partial' }), c)).toBeUndefined();
  });
});
