import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBaseUrl, resultUrl } from '../src/api/target.js';
import { httpUrlProblem } from '../src/commands/init/answers.js';
import { parseHttpUrl } from '../src/io/http-url.js';
import { parseListenOptions } from '../src/listen/options.js';
import { cliEnv, type CliResult } from './helpers/cli.js';
import { scratchDir } from './helpers/scratch.js';
import { startSink, type Sink } from './helpers/sink.js';
import { usageError } from './helpers/usage-error.js';

/**
 * A user name and password in a URL are never sent (requests carry only the
 * origin and path), so such a URL is refused wherever one is accepted, and
 * the refusal never repeats the password.
 */
const password = 'pa55word_PLANTED';

describe('one URL check for every URL the user gives', () => {
  it('names the flag, explains why, and points at the webhook secret, for --to and --forward-to', () => {
    const error = usageError(() => parseHttpUrl('--to', `http://alice:${password}@127.0.0.1:3000/hook`));
    expect(error.message).toBe('--to must not contain a user name or password (they would not be sent)');
    expect(error.hint).toBe('voicehub-hooks authenticates with x-webhook-secret: set --secret and check it in your endpoint');
    expect(error.exitCode).toBe(2);
    const listen = usageError(() =>
      parseListenOptions({ host: '127.0.0.1', port: '0', log: false, maxBody: '1m', tunnel: false, forwardTo: `http://bob:${password}@localhost/x` }, '/'),
    );
    expect(listen.message).toBe('--forward-to must not contain a user name or password (they would not be sent)');
  });

  it('refuses a user name alone, and credentials on any scheme, without echoing them', () => {
    // Without a scheme, URL reads `alice:` as one: the credentials must stay hidden all the same.
    for (const url of ['https://alice@example.com/hook', `ftp://alice:${password}@example.com/`, `http://alice:${password}@`, `alice:${password}@localhost:3000/hook`]) {
      const error = usageError(() => parseHttpUrl('--to', url));
      expect(`${error.message} ${error.hint}`).not.toContain(password);
      expect(`${error.message} ${error.hint}`).not.toContain('alice');
    }
  });

  it('still accepts plain http(s) URLs and refuses the rest with the flag named', () => {
    expect(parseHttpUrl('--to', 'http://localhost:3000/webhooks')).toBe('http://localhost:3000/webhooks');
    expect(parseHttpUrl('--to', 'https://example.com')).toBe('https://example.com/');
    expect(usageError(() => parseHttpUrl('--to', 'localhost:3000')).message).toBe('--to must be an http:// or https:// URL (got "localhost:3000")');
  });

  it('refuses credentials in --base-url and in a result URL, pointing at the API key', () => {
    const base = usageError(() => parseBaseUrl(`https://alice:${password}@voicehub.dataqueue.ai/api/v1`));
    expect(base.message).toBe('--base-url must not contain a user name or password (they would not be sent)');
    expect(base.hint).toContain('x-dq-api-key');
    const pasted = usageError(() => resultUrl('analysis', `https://alice:${password}@voicehub.dataqueue.ai/api/v1/call-analysis/x`, parseBaseUrl('https://voicehub.dataqueue.ai/api/v1')));
    expect(pasted.message).toContain('must not contain a user name or password');
    expect(`${pasted.message} ${pasted.hint}`).not.toContain(password);
  });

  it("refuses credentials in init's forward URL, in one line fit for a prompt", () => {
    const problem = httpUrlProblem(`http://bob:${password}@localhost:3000/webhooks`) ?? '';
    expect(problem).toContain('must not contain a user name or password (they would not be sent)');
    expect(problem).toContain('x-webhook-secret');
    expect(problem).not.toContain(password);
    expect(httpUrlProblem('http://localhost:3000/webhooks')).toBeUndefined();
  });
});

describe('URLs with credentials, refused by the built CLI before anything is sent (exit 2)', () => {
  const scratch = scratchDir('voicehub-url-');
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  const withCredentials = () => sink.url.replace('http://', `http://alice:${password}@`);

  function expectRefused(result: CliResult, flag: string): void {
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${flag} must not contain a user name or password (they would not be sent)`);
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(sink.received).toHaveLength(0);
  }

  it('replay --to, human and --json', async () => {
    for (const extra of [[], ['--json']]) {
      const result = await scratch.run(['replay', 'PostCall', '--to', `${withCredentials()}/hook`, ...extra]);
      expectRefused(result, '--to');
      expect(result.stderr).toContain('set --secret and check it in your endpoint');
    }
  });

  it('listen --forward-to', async () => {
    const result = await scratch.run(['listen', '--port', '0', '--no-tunnel', '--no-log', '--forward-to', `${withCredentials()}/hook`], { timeoutMs: 5_000 });
    expectRefused(result, '--forward-to');
  });

  it('fetch --base-url and a pasted result URL', async () => {
    const env = cliEnv({ VOICEHUB_API_KEY: 'dq_key_for_url_test' });
    expectRefused(await scratch.run(['fetch', 'analysis', 'job_1', '--base-url', `${withCredentials()}/api/v1`], { env }), '--base-url');
    const pasted = await scratch.run(['fetch', 'analysis', `${withCredentials()}/api/v1/call-analysis/callstudio/job_1`, '--base-url', `${sink.url}/api/v1`], { env });
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain('must not contain a user name or password');
    expect(pasted.stdout + pasted.stderr).not.toContain(password);
    expect(sink.received).toHaveLength(0);
  });

  it('init --forward-to, writing nothing', async () => {
    const result = await scratch.run(['init', '--yes', '--forward-to', `${withCredentials()}/hook`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must not contain a user name or password (they would not be sent)');
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(existsSync(scratch.path('voicehub-hooks.config.json'))).toBe(false);
  });
});
