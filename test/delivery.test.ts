import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { deliver, type Attempt } from '../src/delivery/deliver.js';
import { closedPort } from './helpers/closed-port.js';
import { perTest } from './helpers/per-test.js';
import { answer, startSink } from './helpers/sink.js';

const policy = { retries: 3, retryDelayMs: 50, timeoutMs: 1_000 };
const request = (url: string) => ({ url, headers: { 'content-type': 'application/json', 'x-event-id': 'evt-1' }, body: '{"a":1}' });

describe('deliver', () => {
  const sinkForTest = perTest(startSink);

  it('retries non-2xx answers with the same request and spaces attempts by the delay', async () => {
    const sink = await sinkForTest((n, _req, res) => answer(n < 3 ? 500 : 200)(n, _req, res));
    const seen: Attempt[] = [];
    const result = await deliver(request(sink.url), policy, { onAttempt: (a) => seen.push(a) });
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(seen).toHaveLength(3);
    expect(new Set(sink.received.map((r) => r.headers['x-event-id']))).toEqual(new Set(['evt-1']));
    const gaps = sink.received.slice(1).map((r, i) => r.at - (sink?.received[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
  });

  it('gives up after the configured retries and reports every attempt', async () => {
    const sink = await sinkForTest(answer(503));
    const result = await deliver(request(sink.url), { ...policy, retries: 2 });
    expect(result.ok).toBe(false);
    expect(result.attempts).toHaveLength(3);
    expect(result.attempts.every((a) => a.cause === 'status' && a.status === 503)).toBe(true);
  });

  it('times out an attempt that never answers and retries it', async () => {
    const sink = await sinkForTest(() => undefined);
    const result = await deliver(request(sink.url), { retries: 1, retryDelayMs: 10, timeoutMs: 200 });
    expect(result.ok).toBe(false);
    expect(result.attempts.map((a) => a.cause)).toEqual(['timeout', 'timeout']);
    for (const attempt of result.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(190);
    expect(sink.received).toHaveLength(2);
  });

  it('reports a refused connection', async () => {
    const port = await closedPort();
    const result = await deliver(request(`http://127.0.0.1:${port}/`), { retries: 0, retryDelayMs: 0, timeoutMs: 1_000 });
    expect(result.attempts[0]?.cause).toBe('refused');
  });

  it('treats a redirect as a failure and reports where it points', async () => {
    const sink = await sinkForTest((_n, _req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/hook' });
      res.end();
    });
    const dispatcher = new Agent();
    const result = await deliver(request(sink.url), { retries: 0, retryDelayMs: 0, timeoutMs: 1_000 }, { dispatcher });
    await dispatcher.close();
    expect(result.ok).toBe(false);
    expect(result.attempts[0]).toMatchObject({ status: 302, cause: 'status', location: 'https://elsewhere.example/hook' });
  });
});
