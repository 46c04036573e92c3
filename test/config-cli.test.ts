import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startCli } from './helpers/cli.js';
import { logRecord } from './helpers/log-record.js';
import { answer, startSink, type Sink } from './helpers/sink.js';

/**
 * The configuration layers through the built CLI, on a real command: replay
 * delivering to a real loopback target, run from a subfolder of the project.
 */
describe('configuration through the built CLI', () => {
  let project: string;
  let subfolder: string;
  let sink: Sink;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'voicehub-config-cli-'));
    subfolder = join(project, 'services', 'api');
    await mkdir(subfolder, { recursive: true });
    sink = await startSink(answer(500, 'down'));
    await writeFile(
      join(project, 'voicehub-hooks.config.json'),
      JSON.stringify({ replay: { to: `${sink.url}/from-file`, retries: 2, retryDelay: 0, timeout: 2000 } }),
    );
    await writeFile(join(project, '.env'), '# for voicehub-hooks\nVOICEHUB_WEBHOOK_SECRET="from-dotenv"\nUNRELATED=1\n');
  });

  afterAll(async () => {
    await sink.close();
    await rm(project, { recursive: true, force: true });
  });

  async function replay(args: string[], env: NodeJS.ProcessEnv = {}) {
    sink.received.length = 0;
    const result = await runCli(['replay', 'CallStatusChanged', '--quiet', ...args], { cwd: subfolder, env: cliEnv(env) });
    return { ...result, requests: [...sink.received] };
  }

  it('takes the target, retries and timing from the project file and the secret from its .env', async () => {
    const { code, requests, stderr } = await replay([]);
    expect(code).toBe(1);
    expect(requests.map((request) => request.url)).toEqual(['/from-file', '/from-file', '/from-file']);
    expect(requests.map((request) => request.headers['x-webhook-secret'])).toEqual(['from-dotenv', 'from-dotenv', 'from-dotenv']);
    expect(stderr).not.toContain('warning');
  });

  it('lets environment variables override the project file and .env', async () => {
    const { requests } = await replay([], { VOICEHUB_HOOKS_TARGET: `${sink.url}/from-env`, VOICEHUB_WEBHOOK_SECRET: 'from-env' });
    expect(requests.map((request) => request.url)).toEqual(['/from-env', '/from-env', '/from-env']);
    expect(requests[0]?.headers['x-webhook-secret']).toBe('from-env');
  });

  it('lets flags override everything', async () => {
    const { requests } = await replay(['--to', `${sink.url}/from-flag`, '--retries', '0', '--secret', 'from-flag'], {
      VOICEHUB_HOOKS_TARGET: `${sink.url}/from-env`,
      VOICEHUB_WEBHOOK_SECRET: 'from-env',
    });
    expect(requests.map((request) => request.url)).toEqual(['/from-flag']);
    expect(requests[0]?.headers['x-webhook-secret']).toBe('from-flag');
  });

  it('starts listen with the port, path, log and tunnel settings of the file', async () => {
    const config = join(project, 'voicehub-hooks.config.json');
    const replayOnly = await readFile(config, 'utf8');
    await writeFile(config, JSON.stringify({ port: 0, path: '/webhooks', log: 'logs/events.jsonl', tunnel: false, maxBody: '2k' }));
    try {
      for (const [flags, path] of [
        [[], '/webhooks'],
        [['--path', '/from-flag'], '/from-flag'],
      ] as const) {
        const listen = startCli(['listen', '--json', ...flags], { cwd: subfolder });
        try {
          const [line] = await listen.waitFor(/^\{"type":"listening".*$/m);
          const banner = JSON.parse(line);
          expect(banner.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${path}$`));
          expect(banner.publicUrl).toBeNull();
          expect(banner.log).toBe(join(project, 'logs', 'events.jsonl'));
          expect(banner.secret).not.toBe('off');
        } finally {
          await listen.stop();
        }
      }
    } finally {
      await writeFile(config, replayOnly);
    }
  });

  it('stops with exit code 2 naming the file, the key and the problem when the file is invalid', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'voicehub-config-broken-'));
    try {
      const path = join(broken, 'voicehub-hooks.config.json');
      await writeFile(path, JSON.stringify({ replay: { retries: 'three' } }));
      const result = await runCli(['replay', 'CallStatusChanged', '--dry-run'], { cwd: broken });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`error: invalid config ${path}: "replay.retries": expected a whole number of retries, got "three"`);

      await writeFile(path, '{ "port": 4000 "host": "0.0.0.0" }');
      const json = await runCli(['replay', 'CallStatusChanged', '--dry-run'], { cwd: broken });
      expect(json.code).toBe(2);
      expect(json.stderr).toContain(`error: invalid JSON in ${path}:1:16: `);

      await writeFile(path, '{\n  "port": 4000,\n  "forwardTo": nope,\n  "replay": { "retries": 2 }\n}\n');
      const token = await runCli(['replay', 'CallStatusChanged', '--dry-run'], { cwd: broken });
      expect(token.code).toBe(2);
      expect(token.stderr).toBe(
        `error: invalid JSON in ${path}:3:17: Unexpected token 'o'\n  the file must be one JSON object, without comments or trailing commas\n`,
      );

      const unaffected = await runCli(['fixtures'], { cwd: broken });
      expect(unaffected.code).toBe(0);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});

describe('replay --from-log with the log the project file sets (built CLI)', () => {
  let project: string;
  let sink: Sink;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'voicehub-config-log-'));
    await mkdir(join(project, 'services', 'api'), { recursive: true });
    await mkdir(join(project, 'logs'));
    sink = await startSink();
    await writeFile(join(project, 'voicehub-hooks.config.json'), JSON.stringify({ log: 'logs/events.jsonl' }));
    await writeFile(join(project, 'logs', 'events.jsonl'), `${JSON.stringify(logRecord({ body: '{"from":"configured log"}' }))}\n`);
  });

  afterAll(async () => {
    await sink.close();
    await rm(project, { recursive: true, force: true });
  });

  it('reads that log, relative to the file as listen writes it, from any subfolder', async () => {
    const result = await runCli(['replay', '--from-log', '--to', `${sink.url}/hook`], { cwd: join(project, 'services', 'api') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(sink.received.map((request) => request.body)).toEqual(['{"from":"configured log"}']);
  });
});
