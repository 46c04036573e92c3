import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStandInApi, type StandInApi } from '../src/api/standin.js';
import { cliEnv, type CliResult } from './helpers/cli.js';
import { freePort } from './helpers/receiver-client.js';
import { scratchDir } from './helpers/scratch.js';

const apiKey = 'sk_e2e_4f1d9a7c2b';
const jobId = 'job_5d21e8a0c4f7';
const callId = 'call_7f3a9c2e41b8';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/api/${name}.json`, import.meta.url), 'utf8');

let api: StandInApi;
// A directory of its own, so no project config or .env of the repository applies.
const scratch = scratchDir('voicehub-fetch-');

beforeAll(async () => {
  api = await startStandInApi({ apiKey });
});
afterAll(async () => {
  await api.close();
});
afterEach(() => {
  api.intercept(undefined);
  api.requests.length = 0;
});

/** Runs the built CLI against the stand-in; whatever happens, the key must not appear in its output. */
async function fetchCli(args: string[], env: NodeJS.ProcessEnv = { VOICEHUB_API_KEY: apiKey }): Promise<CliResult> {
  const result = await scratch.run(['fetch', ...args], { env: cliEnv(env) });
  expect(result.stdout).not.toContain(apiKey);
  expect(result.stderr).not.toContain(apiKey);
  return result;
}
const withBase = (...args: string[]) => [...args, '--base-url', api.baseUrl];

describe('fetch analysis / transcript against the stand-in API', () => {
  it('fetches a Call Studio analysis by job id, with the key, and renders the report', async () => {
    const result = await fetchCli(withBase('analysis', jobId));
    expect(result.code).toBe(0);
    expect(api.requests.map((request) => request.path)).toEqual([`/api/v1/call-analysis/callstudio/${jobId}`]);
    expect(api.requests[0]?.headers['x-dq-api-key']).toBe(apiKey);
    const out = result.stdout;
    expect(out.startsWith(`Call Studio analysis ${jobId}\n  duration 01:10 (70.3 s)`)).toBe(true);
    for (const expected of [
      'A Lumio Home Internet customer reported that their connection has dropped',
      '  resolution          unsolved',
      '  empathy score       71',
      '  overall    neutral -0.08',
      '  user       negative -0.32',
      '  • Intermittent internet outages',
      '  • Customer accepted the proposed technician slot',
      '  serviceAddress        48 Alder Lane, Apt 3B',
      '  speech               21.4 s     33.5 s     54.9 s',
      '  • https://dq-voicehub-callstudio.s3.eu-central-1.amazonaws.com/',
      '  [00:25] user: Sure, it\'s 48 Alder Lane, apartment 3B.',
    ]) {
      expect(out).toContain(expected);
    }
    expect(out).not.toContain('\u001b[');
    expect(out).not.toContain('warning');
  });

  it('fetches a call analysis from its analysisResultUrl, or by call id with --call', async () => {
    const byUrl = await fetchCli(withBase('analysis', `${api.baseUrl}/call-analysis/${callId}`));
    expect(byUrl.code).toBe(0);
    expect(byUrl.stdout).toContain(`Call analysis ${callId}`);
    expect(byUrl.stdout).toContain('  customerName        Daniel Reyes');
    expect(byUrl.stdout).toContain('  resolution          solved');
    const byId = await fetchCli(withBase('analysis', callId, '--call'));
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(byUrl.stdout);
    expect(api.requests.map((request) => request.path)).toEqual([`/api/v1/call-analysis/${callId}`, `/api/v1/call-analysis/${callId}`]);
  });

  it('fetches a transcript by id or URL, with word timings on --words', async () => {
    const plain = await fetchCli(withBase('transcript', jobId));
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Lumio support - evening outages (Mar 17)\n  job           job_5d21e8a0c4f7\n  status        completed');
    expect(plain.stdout).toContain('[00:07] SPEAKER_01: Hi, my internet keeps dropping every evening around seven.');
    expect(plain.stdout).not.toContain('00:07.46 Hi');
    const words = await fetchCli(withBase('transcript', `${api.baseUrl}/playground/${jobId}`, '--words'));
    expect(words.code).toBe(0);
    expect(words.stdout).toContain('        00:07.46 Hi  00:07.80 my  00:08.25 internet');
    expect(api.requests.map((request) => request.path)).toEqual([`/api/v1/playground/${jobId}`, `/api/v1/playground/${jobId}`]);
  });

  it('takes the base URL from VOICEHUB_BASE_URL and the key from --api-key', async () => {
    const result = await fetchCli(['transcript', jobId, '--api-key', apiKey], { VOICEHUB_BASE_URL: api.baseUrl });
    expect(result.code).toBe(0);
    expect(api.requests[0]?.headers['x-dq-api-key']).toBe(apiKey);
  });

  it('prints exactly what the server sent with --json, for every API fixture', async () => {
    const cases = [
      [['analysis', jobId], 'callstudio-analysis'],
      [['analysis', callId, '--call'], 'call-analysis'],
      [['transcript', jobId], 'callstudio-transcript'],
    ] as const;
    for (const [args, name] of cases) {
      const result = await fetchCli(withBase(...args, '--json'));
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(fixture(name));
      expect(result.stderr).toBe('');
    }
  });

  it('keeps odd bytes and formatting of the body with --json', async () => {
    const body = '{"callId":null,  "summary":"caf\u00e9 \u2014 \ud83d\udcde",\n"transcriptAnalysis":[]}';
    api.intercept(() => ({ status: 200, body }));
    const result = await fetchCli(withBase('analysis', jobId, '--json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(body);
    expect(result.stderr).toContain('warning: the response differs from the documented shape');
  });

  it('saves the raw JSON with --out, says where on stderr, and still shows the report', async () => {
    const result = await fetchCli(withBase('transcript', jobId, '--out', 'out/../transcript.json'));
    expect(result.code).toBe(0);
    const saved = scratch.path('transcript.json');
    expect(readFileSync(saved, 'utf8')).toBe(fixture('callstudio-transcript'));
    expect(result.stderr).toContain(`saved the raw JSON to ${saved}`);
    expect(result.stdout).toContain('[00:01] SPEAKER_00 (Marcus Hill)');
  });

  it('refuses an --out in a folder that does not exist before making the request (exit 2)', async () => {
    const result = await fetchCli(withBase('analysis', jobId, '--out', 'missing-dir/a.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot write ${scratch.path('missing-dir', 'a.json')}: its folder does not exist`);
    expect(api.requests).toHaveLength(0);
  });

  it('refuses an --out that is a folder before making the request (exit 2)', async () => {
    mkdirSync(scratch.path('results'), { recursive: true });
    const result = await fetchCli(withBase('analysis', jobId, '--out', 'results'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: --out ${scratch.path('results')} is a folder`);
    expect(result.stderr).toContain(`--out ${scratch.path('results', 'analysis.json')}`);
    expect(api.requests).toHaveLength(0);
  });

  it('shows the result first when saving it fails after all, then fails with exit 1', async () => {
    const target = scratch.path('taken.json');
    // The path turns into a folder while the request is on its way: the check before it cannot catch that.
    api.intercept(() => {
      mkdirSync(target, { recursive: true });
      return undefined;
    });
    const human = await fetchCli(withBase('analysis', jobId, '--out', 'taken.json'));
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`Call Studio analysis ${jobId}`);
    expect(human.stderr).toContain(`error: cannot write ${target}: it is a directory`);
    expect(human.stderr).toContain('the result is shown above');
    rmSync(target, { recursive: true });
    const json = await fetchCli(withBase('analysis', jobId, '--out', 'taken.json', '--json'));
    expect(json.code).toBe(1);
    expect(json.stdout).toBe(fixture('callstudio-analysis'));
    expect(json.stderr).toContain(`error: cannot write ${target}: it is a directory`);
    rmSync(target, { recursive: true });
  });

  it('lists schema drift under the report without failing', async () => {
    const drifted = { ...JSON.parse(fixture('callstudio-analysis')), empathyScore: 'very high', mainTopics: 'billing' };
    api.intercept(() => ({ status: 200, body: JSON.stringify(drifted) }));
    const result = await fetchCli(withBase('analysis', jobId));
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('resolution          unsolved');
    expect(out).not.toContain('empathy score');
    expect(out).toContain('warning: the response differs from the documented shape (2 differences)');
    expect(out).toContain('  - empathyScore: Invalid input: expected number, received string');
    expect(out).toContain('  - mainTopics: Invalid input: expected array, received string');
    expect(out.indexOf('warning:')).toBeGreaterThan(out.indexOf('Transcript'));
  });

  it('notes a pending transcript job and suggests --wait', async () => {
    const pending = { ...JSON.parse(fixture('callstudio-transcript')), status: 'pending', transcripts: [] };
    api.intercept(() => ({ status: 200, body: JSON.stringify(pending) }));
    const result = await fetchCli(withBase('transcript', jobId));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(no transcript yet: the job is still pending)');
    expect(result.stderr).toContain('note: the job is still pending; add --wait');
  });
});

describe('fetch --wait', () => {
  it('polls a 404 until the analysis is there', async () => {
    api.intercept((request) => (request.n <= 2 ? { status: 404, body: '{"statusCode":404,"message":"Not Found"}' } : undefined));
    const result = await fetchCli(withBase('analysis', jobId, '--wait', '--poll-interval', '0.1'));
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(3);
    expect(result.stdout).toContain(`Call Studio analysis ${jobId}`);
    expect(result.stderr).toContain('not there yet (HTTP 404); asking again in 0.1 s');
  });

  it('polls a pending transcript until its job completes', async () => {
    const pending = JSON.stringify({ ...JSON.parse(fixture('callstudio-transcript')), status: 'pending', transcripts: [] });
    api.intercept((request) => (request.n === 1 ? { status: 200, body: pending } : undefined));
    const result = await fetchCli(withBase('transcript', jobId, '--wait', '--poll-interval', '0.1', '--json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(fixture('callstudio-transcript'));
    expect(api.requests).toHaveLength(2);
  });

  it('gives up after --wait-timeout with exit code 1', async () => {
    api.intercept(() => ({ status: 404, body: '{}' }));
    const result = await fetchCli(withBase('analysis', jobId, '--wait', '--poll-interval', '0.1', '--wait-timeout', '0.3'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: still not ready after 0\.\d s: not there yet \(HTTP 404\)/);
    expect(result.stderr).toContain('raise --wait-timeout');
    expect(result.stdout).toBe('');
  });
});

describe('fetch failures', () => {
  it('401: the key was rejected; the key is never printed, even when the server repeats it', async () => {
    api.intercept(() => ({ status: 401, body: JSON.stringify({ message: `API key ${apiKey} is revoked` }) }));
    const result = await fetchCli(withBase('analysis', jobId));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: the API rejected the key (HTTP 401: API key [redacted] is revoked)');
    expect(result.stderr).toContain('check VOICEHUB_API_KEY / --api-key');
    expect(result.stdout).toBe('');
  });

  it('401 from a wrong key, with the stand-in checking it', async () => {
    const result = await fetchCli(withBase('transcript', jobId, '--api-key', 'sk_wrong_000'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the API rejected the key (HTTP 401');
    expect(result.stderr).not.toContain('sk_wrong_000');
  });

  it('404: unknown id or not ready, pointing at --wait', async () => {
    const result = await fetchCli(withBase('analysis', 'job_unknown'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: not found: unknown id, or the result is not ready yet');
    expect(result.stderr).toContain('add --wait');
  });

  it('429 is retried, honouring Retry-After, then succeeds', async () => {
    api.intercept((request) => (request.n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: '{}' } : undefined));
    const result = await fetchCli(withBase('transcript', jobId, '--json'));
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(2);
    expect(result.stderr).toContain('HTTP 429 from 127.0.0.1');
    expect(result.stderr).toContain('retrying in 1 s (attempt 2 of 4)');
    expect(result.stdout).toBe(fixture('callstudio-transcript'));
  });

  it('500 is retried and then reported with exit code 1', async () => {
    api.intercept(() => ({ status: 500, headers: { 'retry-after': '0' }, body: '{"message":"Internal server error"}' }));
    const result = await fetchCli(withBase('analysis', jobId));
    expect(result.code).toBe(1);
    expect(api.requests).toHaveLength(4);
    expect(result.stderr).toContain('error: the API failed (HTTP 500: Internal server error) after 4 attempts');
  });

  it('a slow API hits --timeout', async () => {
    api.intercept(() => ({ status: 200, body: '{}', delayMs: 5_000 }));
    const result = await fetchCli(withBase('analysis', jobId, '--timeout', '200'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: no answer from 127\.0\.0\.1:\d+ within 200 ms/);
    expect(result.stderr).toContain('raise --timeout');
  });

  it('an answer that is not JSON is an API failure, with nothing on stdout even with --json', async () => {
    api.intercept(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' }));
    const result = await fetchCli(withBase('analysis', jobId, '--json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: the API answered with something that is not JSON (HTTP 200, text/html, "<html>maintenance</html>")');
    expect(result.stdout).toBe('');
  });

  it('a refused connection is a network failure', async () => {
    const port = await freePort();
    const result = await fetchCli(['analysis', jobId, '--base-url', `http://127.0.0.1:${port}/api/v1`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: connection refused by 127.0.0.1:${port}`);
  });

  it('a TLS failure is reported as such', async () => {
    const result = await fetchCli(['analysis', jobId, '--base-url', api.baseUrl.replace('http:', 'https:')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: TLS failure talking to 127\.0\.0\.1:\d+/);
  });
});

describe('fetch security and usage', () => {
  it('refuses plain http to a host that is not loopback, before any request (exit 2)', async () => {
    const result = await fetchCli(['analysis', jobId, '--base-url', 'http://voicehub.example.com/api/v1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: refusing to send the API key over plain http to voicehub.example.com');
  });

  it('refuses a URL on another host unless --allow-host names it', async () => {
    const elsewhere = api.baseUrl.replace('127.0.0.1', 'localhost');
    const refused = await fetchCli(withBase('transcript', `${elsewhere}/playground/${jobId}`));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refusing to send the API key to localhost:\d+: the API host is 127\.0\.0\.1:\d+/);
    expect(refused.stderr).toMatch(/add --allow-host localhost:\d+/);
    expect(api.requests).toHaveLength(0);
    const allowed = await fetchCli(withBase('transcript', `${elsewhere}/playground/${jobId}`, '--allow-host', 'localhost'));
    expect(allowed.code).toBe(0);
    expect(api.requests).toHaveLength(1);
  });

  it('refuses a webhook URL pointing at the real API while --base-url is the stand-in', async () => {
    const result = await fetchCli(withBase('analysis', `https://voicehub.dataqueue.ai/api/v1/call-analysis/callstudio/${jobId}`));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refusing to send the API key to voicehub.dataqueue.ai');
  });

  it('without a key and without a terminal, says what to set (exit 2)', async () => {
    const result = await fetchCli(withBase('analysis', jobId), {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no API key');
    expect(result.stderr).toContain('VOICEHUB_API_KEY');
    expect(api.requests).toHaveLength(0);
  });

  it('rejects input that is neither an id nor a URL, and bad numbers (exit 2)', async () => {
    const bad = await fetchCli(withBase('analysis', 'voicehub.dataqueue.ai/api/v1/x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is neither an id nor a URL');
    const timeout = await fetchCli(withBase('analysis', jobId, '--timeout', 'soon'));
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('expected a positive number of milliseconds');
    const missing = await fetchCli(['analysis']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'idOrUrl'");
    expect(api.requests).toHaveLength(0);
  });

  it('documents its flags, examples and rules in --help', async () => {
    const result = await scratch.run(['fetch', 'analysis', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--api-key', '--base-url', '--allow-host', '--json', '--out', '--timeout', '--wait', '--wait-timeout', '--call']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('env: VOICEHUB_API_KEY');
    expect(result.stdout).toContain('fetch analysis job_123 --json | jq .summary');
    const transcript = await scratch.run(['fetch', 'transcript', '--help']);
    expect(transcript.stdout).toContain('--words');
  });
});
