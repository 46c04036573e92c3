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

  const start = (key = apiKey) =>
    startListen(['--fetch-analysis', '--base-url', api.baseUrl], { env: cliEnv({ VOICEHUB_API_KEY: key }) });

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
