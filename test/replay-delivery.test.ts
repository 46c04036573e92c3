import { afterEach, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { cliEnv } from './helpers/cli.js';
import { closedPort } from './helpers/closed-port.js';
import { fixtureBody } from './helpers/replay.js';
import { scratchDir } from './helpers/scratch.js';
import { answer, startSink, type Sink } from './helpers/sink.js';

/** End to end: the built CLI delivering to a real loopback target. */

describe('replay delivery (built CLI)', () => {
  let sink: Sink | undefined;
  const target = () => `${sink?.url ?? ''}/webhooks`;
  const received = () => sink?.received ?? [];

  const { run: runCli } = scratchDir('vh-replay-');

  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  it('retries 500 twice and succeeds on attempt 3 with the same event id, the delay apart', async () => {
    sink = await startSink((n, req, res) => answer(n < 3 ? 500 : 200, n < 3 ? 'database down' : 'ok')(n, req, res));
    const result = await runCli(['replay', 'CallStatusChanged', '--to', target(), '--retry-delay', '100']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/attempt 1\/4 {2}HTTP 500 {2}\d+ ms {2}· "database down"/);
    expect(result.stdout).toMatch(/attempt 2\/4 {2}HTTP 500/);
    expect(result.stdout).toMatch(/attempt 3\/4 {2}HTTP 200/);
    expect(result.stdout).toContain('✔ delivered on attempt 3/4');
    expect(received()).toHaveLength(3);
    const ids = received().map((r) => r.headers['x-event-id']);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(received().map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(received()[0]?.body ?? '{}').eventId).toBe(ids[0]);
    const at = received().map((r) => r.at);
    for (let i = 1; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(95);
  });

  it('counts and retries attempts that time out when the endpoint never answers', async () => {
    sink = await startSink(() => undefined);
    const result = await runCli(['replay', 'RecordingsAvailable', '--to', target(), '--timeout', '200', '--retries', '2', '--retry-delay', '10']);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/timeout after 200 ms/g)).toHaveLength(4);
    expect(result.stdout).toMatch(/attempt 3\/3 {2}timeout after 200 ms/);
    expect(result.stdout).toContain('✖ not delivered after 3 attempts');
    expect(result.stdout).toContain('raise --timeout');
    expect(received()).toHaveLength(3);
  });

  it('reports a refused connection with the next step and exits 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/webhooks`;
    const result = await runCli(['replay', 'CallStatusChanged', '--to', url, '--retries', '1', '--retry-delay', '10']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/attempt 1\/2 {2}refused/);
    expect(result.stdout).toMatch(/attempt 2\/2 {2}refused/);
    expect(result.stdout).toContain(`nothing is listening at ${url}`);
    expect(result.stderr).toBe('');
  });

  it('treats a redirect as a failure, names where it points and does not follow it', async () => {
    sink = await startSink((_n, _req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    const result = await runCli(['replay', 'CallStatusChanged', '--to', target(), '--retries', '1', '--retry-delay', '0']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('redirect to /elsewhere (not followed)');
    expect(received().map((r) => r.url)).toEqual(['/webhooks', '/webhooks']);
  });

  it('retries a 4xx like the platform and points at the secret on 401', async () => {
    sink = await startSink(answer(401, 'Unauthorized'));
    const result = await runCli(['replay', 'CallStudioJobStatusChanged', '--to', target(), '--retries', '2', '--retry-delay', '0']);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/HTTP 401/g)?.length).toBeGreaterThanOrEqual(3);
    expect(result.stdout).toContain('check the secret');
    expect(received()).toHaveLength(3);
  });

  it('sends the VoiceHub headers, the secret and a body that agrees with them', async () => {
    sink = await startSink();
    const before = Date.now();
    const result = await runCli(['replay', 'AnalysisResultReady', '--to', target(), '--secret', 's3cret']);
    expect(result.code).toBe(0);
    const [request] = received();
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/webhooks');
    const body = JSON.parse(request?.body ?? '{}');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-event-type': 'AnalysisResultReady',
      'x-event-id': body.eventId,
      'x-timestamp': body.timestamp,
      'x-webhook-secret': 's3cret',
      'user-agent': `voicehub-hooks/${packageJson.version}`,
    });
    expect(Date.parse(body.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(body.eventId).not.toBe(fixtureBody('AnalysisResultReady').eventId);
    expect(body.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.stdout).not.toContain('s3cret');
  });

  it('takes the target and the secret from the environment', async () => {
    sink = await startSink();
    const result = await runCli(['replay', 'CallStatusChanged'], {
      env: cliEnv({ VOICEHUB_HOOKS_TARGET: target(), VOICEHUB_WEBHOOK_SECRET: 'from-env' }),
    });
    expect(result.code).toBe(0);
    expect(received()[0]?.headers['x-webhook-secret']).toBe('from-env');
  });

  it.each(['HANG_UP', 'PostCall'])('sends %s as its platform does: no VoiceHub headers, no secret, the payload as bundled', async (name) => {
    sink = await startSink();
    const result = await runCli(['replay', name, '--to', target(), '--secret', 's3cret']);
    expect(result.code).toBe(0);
    const [request] = received();
    for (const header of ['x-event-type', 'x-event-id', 'x-timestamp', 'x-webhook-secret']) expect(request?.headers[header]).toBeUndefined();
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(fixtureBody(name));
    expect(result.stderr).toMatch(/note: .* webhooks carry no secret header/);
  });

  it('does not retry a post-call webhook by default, as its platform does not', async () => {
    sink = await startSink(answer(503));
    const result = await runCli(['replay', 'PostCall', '--to', target()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/attempt 1\/1 {2}HTTP 503/);
    expect(received()).toHaveLength(1);
  });

  it('prints one JSON object per delivery with its attempts under --json', async () => {
    sink = await startSink((n, req, res) => answer(n === 1 ? 500 : 200)(n, req, res));
    const result = await runCli(['replay', 'CallStatusChanged', 'PostCall', '--to', target(), '--retry-delay', '0', '--gap', '0', '--json']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      label: 'CallStatusChanged',
      platform: 'voicehub-call',
      eventId: received()[0]?.headers['x-event-id'],
      ok: true,
      attempts: [
        { attempt: 1, ok: false, status: 500, outcome: 'HTTP 500' },
        { attempt: 2, ok: true, status: 200, outcome: 'HTTP 200' },
      ],
    });
    expect(lines[1]).toMatchObject({ label: 'PostCall', platform: 'postcall', ok: true, policy: { retries: 0 } });
  });
});
