import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startStandInApi, type StandInApi } from '../src/api/standin.js';
import { findFixture, readFixture } from '../src/fixtures/catalog.js';
import { cliEnv } from './helpers/cli.js';
import { startListen, type RunningListen } from './helpers/listen.js';

const apiKey = 'dq_test_key_9f2c71';

function fixture(name: string, changes: Record<string, unknown> = {}, drop: string[] = []): string {
  const found = findFixture(name);
  if (!found) throw new Error(`no fixture ${name}`);
  const body = { ...(readFixture(found) as Record<string, unknown>), ...changes };
  for (const key of drop) delete body[key];
  return JSON.stringify(body);
}

describe('listen --fetch-analysis (built CLI against the stand-in VoiceHub API)', () => {
  let api: StandInApi;
  let listen: RunningListen | undefined;
  beforeEach(async () => {
    api = await startStandInApi({ apiKey });
  });
  afterEach(async () => {
    await listen?.cli.stop('SIGTERM');
    listen = undefined;
    await api.close();
  });

  const start = (key = apiKey, extra: string[] = []) =>
    startListen(['--fetch-analysis', '--base-url', api.baseUrl, ...extra], { env: cliEnv({ VOICEHUB_API_KEY: key }) });

  const post = async (body: string) => {
    const res = await request(`${listen?.url}/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body.dump();
    return res.statusCode;
  };

  it('prints the analysis an event announces under the event line', async () => {
    listen = await start();
    const url = `${api.baseUrl}/call-analysis/callstudio/${api.ids.jobId}`;
    expect(await post(fixture('CallStudioJobAnalysisResultReady', { analysisResultUrl: url }))).toBe(200);
    await listen.cli.waitFor(/Speech statistics[\s\S]*Transcript/);
    const out = listen.cli.stdout();
    expect(out).toMatch(/CallStudioJobAnalysisResultReady[^\n]*\n\s*\n\s+Call Studio analysis/);
    expect(api.requests.at(-1)?.headers['x-dq-api-key']).toBe(apiKey);
    expect(out + listen.cli.stderr()).not.toContain(apiKey);
  });

  it('fetches for the retry the platform sends after a refused first attempt, once', async () => {
    listen = await start(apiKey, ['--fail-first', '1']);
    const body = fixture('CallStudioJobAnalysisResultReady', { analysisResultUrl: `${api.baseUrl}/call-analysis/callstudio/${api.ids.jobId}` });
    expect(await post(body)).toBe(500);
    expect(await post(body)).toBe(200);
    await listen.cli.waitFor(/Speech statistics/);
    // A third copy (a platform that retries even after a 2xx) shows no second report.
    expect(await post(body)).toBe(200);
    await listen.cli.waitFor(/duplicate \(attempt 3\)/);
    const result = await listen.cli.stop('SIGTERM');
    listen = undefined;
    expect(api.requests).toHaveLength(1);
    expect(result.stdout.match(/Call Studio analysis/g)).toHaveLength(1);
  });

  it('puts the fetched result, checked against its schema, on the --json line', async () => {
    listen = await start(apiKey, ['--json']);
    const url = `${api.baseUrl}/call-analysis/callstudio/${api.ids.jobId}`;
    expect(await post(fixture('CallStudioJobAnalysisResultReady', { analysisResultUrl: url }))).toBe(200);
    expect(await post(fixture('CallStudioJobTranscriptReady', {}, ['transcriptUrl']))).toBe(200);
    await listen.cli.waitFor(/(?:"type":"delivery"[^\n]*\n[\s\S]*?){2}/);
    api.intercept(() => ({ status: 404, body: JSON.stringify({ message: 'no such call' }) }));
    expect(await post(fixture('AnalysisResultReady', { analysisResultUrl: `${api.baseUrl}/call-analysis/${api.ids.callId}` }))).toBe(200);
    await listen.cli.waitFor(/(?:"type":"delivery"[^\n]*\n[\s\S]*?){3}/);
    const lines = listen.cli.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const deliveries = lines.filter((line) => line.type === 'delivery');
    const results = Object.fromEntries(deliveries.map((line) => [line.eventType, line.result as Record<string, unknown>]));
    expect(results.CallStudioJobAnalysisResultReady).toMatchObject({ ok: true, kind: 'analysis', url, warnings: [] });
    const analysis = results.CallStudioJobAnalysisResultReady?.data as Record<string, unknown>;
    expect(Array.isArray(analysis.transcriptAnalysis)).toBe(true);
    expect(results.CallStudioJobTranscriptReady).toMatchObject({ ok: true, kind: 'transcript', url: `${api.baseUrl}/playground/${api.ids.jobId}` });
    expect(results.CallStudioJobTranscriptReady?.data).toMatchObject({ _id: api.ids.jobId });
    expect(results.AnalysisResultReady).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 404') });
    expect(listen.cli.stdout() + listen.cli.stderr()).not.toContain(apiKey);
  });

  it('never shows the key, even when the API echoes it back in the result', async () => {
    listen = await start(apiKey, ['--json']);
    api.intercept(() => ({ status: 200, body: JSON.stringify({ callId: 'c-1', status: 'completed', summary: `key was ${apiKey}` }) }));
    expect(await post(fixture('AnalysisResultReady', { analysisResultUrl: `${api.baseUrl}/call-analysis/c-1` }))).toBe(200);
    await listen.cli.waitFor(/"result":/);
    expect(listen.cli.stdout()).toContain('[redacted]');
    expect(listen.cli.stdout() + listen.cli.stderr()).not.toContain(apiKey);
  });

  it('builds the transcript URL from the jobId when the event carries none', async () => {
    listen = await start();
    expect(await post(fixture('CallStudioJobTranscriptReady', {}, ['transcriptUrl']))).toBe(200);
    await listen.cli.waitFor(/SPEAKER_0[01]/);
    expect(api.requests.at(-1)?.path).toBe(`/api/v1/playground/${api.ids.jobId}`);
  });

  it('refuses to send the key to a host other than the base URL, and keeps receiving', async () => {
    listen = await start();
    expect(await post(fixture('AnalysisResultReady', { analysisResultUrl: 'https://attacker.example/steal' }))).toBe(200);
    await listen.cli.waitFor(/fetch failed: .*attacker\.example/);
    expect(await post(fixture('RecordingsAvailable'))).toBe(200);
    await listen.cli.waitFor(/RecordingsAvailable/);
    expect(api.requests).toHaveLength(0);
  });

  it('shows a rejected key as one line with a next step, never the key', async () => {
    listen = await start('dq_wrong_key_000000');
    const url = `${api.baseUrl}/call-analysis/callstudio/${api.ids.jobId}`;
    expect(await post(fixture('CallStudioJobAnalysisResultReady', { analysisResultUrl: url }))).toBe(200);
    await listen.cli.waitFor(/fetch failed: [^\n]*\n\s+[^\n]*VOICEHUB_API_KEY/);
    expect(listen.cli.stdout() + listen.cli.stderr()).not.toContain('dq_wrong_key_000000');
  });

  it('does not ask for a key, and fails with a usage error, without a terminal', async () => {
    const { runCli } = await import('./helpers/cli.js');
    const result = await runCli(['listen', '--no-tunnel', '--no-log', '--port', '0', '--fetch-analysis']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no API key: /);
  });
});
