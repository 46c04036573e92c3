import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { ApiError, apiGet, type ApiDeps } from '../src/api/client.js';
import { fetchResult } from '../src/api/wait.js';
import { perTest } from './helpers/per-test.js';
import { freePort } from './helpers/receiver-client.js';
import { answer, startSink } from './helpers/sink.js';

const apiKey = 'sk_live_client_test_9f8e7d';

const sinkForTest = perTest(startSink);
const settings = { apiKey, timeoutMs: 2_000 };

/** Records the delays the client asks for instead of sleeping through them. */
function recordedSleep(): { delays: number[]; deps: ApiDeps } {
  const delays: number[] = [];
  return { delays, deps: { sleep: async (ms) => void delays.push(ms) } };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('apiGet', () => {
  it('sends the key as x-dq-api-key on a GET and returns the body as sent, parsed', async () => {
    const body = '{ "summary" : "ok",\n  "n": 1 }';
    const sink = await sinkForTest(answer(200, body));
    const response = await apiGet(new URL(`${sink.url}/api/v1/playground/job_1`), settings);
    expect(response).toEqual({ url: `${sink.url}/api/v1/playground/job_1`, status: 200, text: body, json: { summary: 'ok', n: 1 } });
    expect(sink.received[0]?.method).toBe('GET');
    expect(sink.received[0]?.headers['x-dq-api-key']).toBe(apiKey);
    expect(sink.received[0]?.headers['user-agent']).toMatch(/^voicehub-hooks\//);
  });

  it('maps 401 and 403 to a rejected key without retrying, and never repeats the key', async () => {
    for (const status of [401, 403]) {
      const sink = await sinkForTest(answer(status, JSON.stringify({ message: `key ${apiKey} is not valid` })));
      const error = await failure(apiGet(new URL(`${sink.url}/x`), settings));
      expect(error.reason).toBe('auth');
      expect(error.message).toContain(`the API rejected the key (HTTP ${status}`);
      expect(error.hint).toContain('VOICEHUB_API_KEY / --api-key');
      expect(`${error.message} ${error.hint}`).not.toContain(apiKey);
      expect(error.message).toContain('[redacted]');
      expect(error.exitCode).toBe(1);
      expect(sink.received).toHaveLength(1);
    }
  });

  it('maps 404 to "not found or not ready" with --wait as the next step', async () => {
    const sink = await sinkForTest(answer(404, '{"statusCode":404,"message":"Not Found"}'));
    const error = await failure(apiGet(new URL(`${sink.url}/api/v1/call-analysis/callstudio/job_9`), settings));
    expect(error.reason).toBe('not-found');
    expect(error.message).toContain('not found: unknown id, or the result is not ready yet');
    expect(error.message).toContain('/call-analysis/callstudio/job_9');
    expect(error.hint).toContain('--wait');
  });

  it('retries 429 after the seconds Retry-After asks for, then succeeds', async () => {
    const sink = await sinkForTest((n, req, res) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '2' });
        res.end('{"message":"slow down"}');
      } else answer(200, '{"ok":true}')(n, req, res);
    });
    const { delays, deps } = recordedSleep();
    const notes: string[] = [];
    const response = await apiGet(new URL(`${sink.url}/x`), settings, { ...deps, onProgress: (note) => notes.push(note) });
    expect(response.json).toEqual({ ok: true });
    expect(delays).toEqual([2_000]);
    expect(notes[0]).toContain('HTTP 429');
    expect(sink.received).toHaveLength(2);
  });

  it('backs off exponentially on 5xx and reports the status after the last retry', async () => {
    const sink = await sinkForTest(answer(503, 'upstream down'));
    const { delays, deps } = recordedSleep();
    const error = await failure(apiGet(new URL(`${sink.url}/x`), settings, deps));
    expect(delays).toEqual([500, 1_000, 2_000]);
    expect(sink.received).toHaveLength(4);
    expect(error.reason).toBe('server');
    expect(error.message).toBe('the API failed (HTTP 503) after 4 attempts');
  });

  it('gives up on 429 at once when Retry-After asks for longer than it will wait', async () => {
    const sink = await sinkForTest((_n, _req, res) => {
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    });
    const { delays, deps } = recordedSleep();
    const error = await failure(apiGet(new URL(`${sink.url}/x`), settings, deps));
    expect(delays).toEqual([]);
    expect(error.reason).toBe('rate-limited');
    expect(error.message).toContain('asks to wait 3600 s');
  });

  it('does not retry other 4xx answers and shows what the server said', async () => {
    const sink = await sinkForTest(answer(400, '{"message":["jobId must be a valid id"]}'));
    const error = await failure(apiGet(new URL(`${sink.url}/x`), settings, recordedSleep().deps));
    expect(sink.received).toHaveLength(1);
    expect(error.message).toBe('the API refused the request (HTTP 400: jobId must be a valid id)');
  });

  it('reports a redirect instead of following it with the key', async () => {
    const sink = await sinkForTest((_n, _req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/steal' });
      res.end();
    });
    const error = await failure(apiGet(new URL(`${sink.url}/x`), settings));
    expect(error.reason).toBe('redirect');
    expect(error.message).toContain('https://elsewhere.example/steal');
    expect(sink.received).toHaveLength(1);
  });

  it('rejects a 200 that is not JSON, saying what came instead', async () => {
    const sink = await sinkForTest((_n, _req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Login</body></html>');
    });
    const error = await failure(apiGet(new URL(`${sink.url}/x`), settings));
    expect(error.reason).toBe('not-json');
    expect(error.message).toContain('the API answered with something that is not JSON (HTTP 200, text/html, "<!DOCTYPE');
    expect(error.hint).toContain('--base-url');
  });

  it('times out a response that never comes', async () => {
    const sink = await sinkForTest(() => undefined);
    const error = await failure(apiGet(new URL(`${sink.url}/x`), { apiKey, timeoutMs: 150 }));
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/^no answer from 127\.0\.0\.1:\d+ within 150 ms$/);
    expect(error.hint).toContain('--timeout');
  });

  it('reports a refused connection', async () => {
    const port = await freePort();
    const error = await failure(apiGet(new URL(`http://127.0.0.1:${port}/x`), settings));
    expect(error.reason).toBe('refused');
    expect(error.message).toBe(`connection refused by 127.0.0.1:${port}`);
  });

  it('reports a TLS failure when the server does not speak https', async () => {
    const sink = await sinkForTest(answer(200, '{}'));
    const error = await failure(apiGet(new URL(sink.url.replace('http:', 'https:')), settings));
    expect(error.reason).toBe('tls');
    expect(error.message).toMatch(/^TLS failure talking to 127\.0\.0\.1:\d+/);
  });

  it('reports a name that does not resolve', async () => {
    const dispatcher = new Agent({
      connect: {
        lookup: (hostname, _options, callback) =>
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4),
      },
    });
    try {
      const error = await failure(apiGet(new URL('https://api.voicehub.invalid/api/v1/playground/job_1'), settings, { dispatcher }));
      expect(error.reason).toBe('dns');
      expect(error.message).toBe('cannot resolve api.voicehub.invalid (ENOTFOUND)');
    } finally {
      await dispatcher.close();
    }
  });
});

describe('fetchResult --wait', () => {
  /** A clock that moves only when the code under test sleeps. */
  function fakeTime(): ApiDeps & { slept: number[] } {
    let now = 0;
    const slept: number[] = [];
    return {
      slept,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    };
  }

  const policy = { wait: true, waitTimeoutMs: 10_000, pollIntervalMs: 3_000 };

  it('polls a 404 until the analysis appears', async () => {
    const sink = await sinkForTest((n, req, res) => answer(n < 3 ? 404 : 200, n < 3 ? '{"message":"Not Found"}' : '{"summary":"done"}')(n, req, res));
    const time = fakeTime();
    const notes: string[] = [];
    const response = await fetchResult('analysis', new URL(`${sink.url}/x`), settings, policy, { ...time, onProgress: (note) => notes.push(note) });
    expect(response.json).toEqual({ summary: 'done' });
    expect(time.slept).toEqual([3_000, 3_000]);
    expect(notes[0]).toContain('not there yet (HTTP 404)');
  });

  it('polls a transcript while its job is pending', async () => {
    const sink = await sinkForTest((n, req, res) => answer(200, JSON.stringify({ status: n === 1 ? 'pending' : 'completed' }))(n, req, res));
    const time = fakeTime();
    const response = await fetchResult('transcript', new URL(`${sink.url}/x`), settings, policy, time);
    expect(response.json).toEqual({ status: 'completed' });
    expect(sink.received).toHaveLength(2);
  });

  it('gives up at the wait timeout, the last poll cut short to fit', async () => {
    const sink = await sinkForTest(answer(404, '{}'));
    const time = fakeTime();
    const error = await failure(fetchResult('analysis', new URL(`${sink.url}/x`), settings, policy, time));
    expect(time.slept).toEqual([3_000, 3_000, 3_000, 1_000]);
    expect(error.reason).toBe('not-ready');
    expect(error.message).toBe('still not ready after 10 s: not there yet (HTTP 404)');
    expect(error.hint).toContain('--wait-timeout');
  });

  it('without --wait returns a pending job and fails a 404 at once', async () => {
    const noWait = { wait: false, waitTimeoutMs: 0, pollIntervalMs: 0 };
    const sink = await sinkForTest(answer(200, '{"status":"pending"}'));
    expect((await fetchResult('transcript', new URL(`${sink.url}/x`), settings, noWait)).json).toEqual({ status: 'pending' });
    sink.behave(answer(404, '{}'));
    expect((await failure(fetchResult('analysis', new URL(`${sink.url}/x`), settings, noWait))).reason).toBe('not-found');
  });

  it('stops waiting on any failure other than not-ready', async () => {
    const sink = await sinkForTest(answer(401, '{}'));
    const time = fakeTime();
    const error = await failure(fetchResult('analysis', new URL(`${sink.url}/x`), settings, policy, time));
    expect(error.reason).toBe('auth');
    expect(time.slept).toEqual([]);
  });
});
