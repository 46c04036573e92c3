import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers/cli.js';
import { startListen, type RunningListen } from './helpers/listen.js';
import { perTest } from './helpers/per-test.js';
import { answer, startSink } from './helpers/sink.js';

/**
 * Secrets must not leak through any channel: stdout, stderr, --json,
 * --verbose, the log, or error messages. Each test plants distinctive
 * values and searches every output for them.
 */
const webhookSecret = 'whsec_PLANTED_4c1e9a77';
const wrongGuess = 'whsec_GUESSED_0b3d5e11';
const apiKey = 'dq_PLANTED_key_72be90';

describe('no secret reaches any output', () => {
  let listen: RunningListen | undefined;
  const sinkForTest = perTest(startSink);
  afterEach(async () => {
    await listen?.cli.stop('SIGTERM');
    listen = undefined;
  });

  it.each([['--json'], ['--verbose']])('listen %s: not in stdout, stderr or the log, right or wrong secret', async (mode) => {
    listen = await startListen([mode], { env: cliEnv({ VOICEHUB_WEBHOOK_SECRET: webhookSecret }) });
    for (const secret of [webhookSecret, wrongGuess]) {
      const res = await request(`${listen.url}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': secret, 'x-dq-api-key': apiKey, authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ eventType: 'RecordingsAvailable', eventId: `e-${secret}`.slice(0, 12), callId: 'c', timestamp: new Date().toISOString() }),
      });
      await res.body.dump();
    }
    // Every delivery is logged before it is answered; the log goes with the process's temp dir.
    const log = readFileSync(listen.logPath, 'utf8');
    const stopped = await listen.cli.stop('SIGTERM');
    const everything = stopped.stdout + stopped.stderr + log;
    expect(everything).toContain('RecordingsAvailable');
    for (const planted of [webhookSecret, wrongGuess, apiKey]) expect(everything).not.toContain(planted);
  });

  it('replay: not in --dry-run, --json or failure output', async () => {
    const sink = await sinkForTest(answer(401, `bad secret ${webhookSecret}`));
    const env = cliEnv({ VOICEHUB_WEBHOOK_SECRET: webhookSecret });
    const dry = await runCli(['replay', 'CallStatusChanged', '--dry-run'], { env });
    const sent = await runCli(['replay', 'CallStatusChanged', '--to', sink.url, '--retries', '0', '--json'], { env });
    const human = await runCli(['replay', 'CallStatusChanged', '--to', sink.url, '--retries', '0'], { env });
    expect(sink.received[0]?.headers['x-webhook-secret']).toBe(webhookSecret);
    expect(dry.stdout).toContain('x-webhook-secret: [redacted]');
    for (const result of [dry, sent, human]) {
      expect(result.stdout + result.stderr).not.toContain(webhookSecret);
    }
    expect(sent.code).toBe(1);
  });

  it('fetch: the key is not in any error, even when the server echoes it', async () => {
    const sink = await sinkForTest((_n, req, res) => {
      res.statusCode = 500;
      res.end(`upstream failed for key ${String(req.headers['x-dq-api-key'])}`);
    });
    const result = await runCli(['fetch', 'analysis', `${sink.url}/api/v1/call-analysis/callstudio/job_1`, '--base-url', `${sink.url}/api/v1`, '--timeout', '2000'], {
      env: cliEnv({ VOICEHUB_API_KEY: apiKey }),
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    expect(sink.received[0]?.headers['x-dq-api-key']).toBe(apiKey);
    expect(result.stdout + result.stderr).not.toContain(apiKey);
  });

  it('fetch --json and --out: the key is redacted from a body that echoes it, every other byte kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vh-secrets-'));
    const analysis = JSON.parse(readFileSync(new URL('../fixtures/api/callstudio-analysis.json', import.meta.url), 'utf8'));
    let body = '';
    const sink = await sinkForTest((_n, req, res) => {
      body = `${JSON.stringify({ ...analysis, debug: { echoedHeaders: req.headers } }, null, 2)}\n`;
      res.setHeader('content-type', 'application/json');
      res.end(body);
    });
    try {
      const args = ['fetch', 'analysis', 'job_1', '--base-url', `${sink.url}/api/v1`, '--json', '--out', 'saved.json'];
      const result = await runCli(args, { cwd: dir, env: cliEnv({ VOICEHUB_API_KEY: apiKey }) });
      expect(result.code).toBe(0);
      expect(body).toContain(apiKey);
      const expected = body.split(apiKey).join('[redacted]');
      expect(result.stdout).toBe(expected);
      expect(readFileSync(join(dir, 'saved.json'), 'utf8')).toBe(expected);
      expect(result.stderr).not.toContain(apiKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
