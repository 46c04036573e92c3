import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listEventFixtures } from '../src/fixtures/catalog.js';
import { runCli, startCli } from './helpers/cli.js';
import { jsonHeaders, send, tempDir } from './helpers/receiver-client.js';
import { startSink } from './helpers/sink.js';

const fixture = (name: string) => readFileSync(listEventFixtures().find((f) => f.name === name)?.file ?? '', 'utf8');

describe('voicehub-hooks listen (built CLI)', () => {
  it('prints the banner, a line per delivery, and a summary after SIGTERM', async () => {
    const cli = startCli(['listen', '--port', '0', '--no-log', '--no-tunnel']);
    try {
      const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\//);
      expect(cli.stdout()).toContain('verification off');
      const answer = await send(url, fixture('CallStatusChanged'), { headers: jsonHeaders() });
      expect(answer.status).toBe(200);
      await cli.waitFor(/CallStatusChanged .*evt=c5a7c967 {2}in-progress {2}\/ {2}200 accepted/);
    } finally {
      const result = await cli.stop('SIGTERM');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/stopped: 1 delivery \(1 accepted, 0 rejected\), 0 duplicates\n$/);
    }
  });

  it('writes the log in the working directory and NDJSON with --json, verifying the secret from the environment', async () => {
    const temp = tempDir();
    const cli = startCli(['listen', '--port', '0', '--json'], { cwd: temp.dir, env: { ...process.env, NO_COLOR: '1', VOICEHUB_WEBHOOK_SECRET: 'whsec_env_secret' } });
    try {
      const [line] = await cli.waitFor(/^\{"type":"listening".*\}$/m);
      const { url } = JSON.parse(line) as { url: string };
      expect((await send(url, fixture('RecordingsAvailable'), { headers: jsonHeaders({ 'x-webhook-secret': 'whsec_env_secret' }) })).status).toBe(200);
      expect((await send(url, fixture('RecordingsAvailable'), { headers: jsonHeaders() })).status).toBe(401);
      await cli.waitFor(/"verdict":"unauthorized: secret missing/);
    } finally {
      const result = await cli.stop('SIGINT');
      expect(result.code).toBe(0);
      const types = result.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type);
      expect(types).toEqual(['listening', 'delivery', 'delivery', 'summary']);
      expect(result.stderr).toContain('stopped: 2 deliveries (1 accepted, 1 rejected), 1 duplicate');
      const log = readFileSync(`${temp.dir}/.voicehub-hooks/events.jsonl`, 'utf8');
      expect(log.trim().split('\n')).toHaveLength(2);
      expect(log + result.stdout + result.stderr).not.toContain('whsec_env_secret');
      temp.remove();
    }
  });

  it('exits 130 on a second Ctrl-C while a forward is still waiting on the app', async () => {
    const hanging = await startSink(() => undefined);
    const cli = startCli(['listen', '--port', '0', '--no-log', '--forward-to', hanging.url]);
    try {
      const [url] = await cli.waitFor(/http:\/\/127\.0\.0\.1:\d+\//);
      await send(url, fixture('CallStatusChanged'), { headers: jsonHeaders() });
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () => (hanging.received.length > 0 ? resolve() : Date.now() - started > 5_000 ? reject(new Error('not forwarded')) : setTimeout(check, 10));
        check();
      });
      cli.child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const result = await cli.stop('SIGINT');
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('forced to stop');
    } finally {
      await cli.stop();
      await hanging.close();
    }
  });

  it('rejects bad options with exit code 2 and a taken port with exit code 1', async () => {
    const bad = await runCli(['listen', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port must be a whole number from 0 to 65535 (got "eighty")');
    const conflict = await runCli(['listen', '--quiet', '--verbose']);
    expect(conflict.code).toBe(2);

    const first = startCli(['listen', '--port', '0', '--no-log']);
    try {
      const [, port] = await first.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
      const second = await runCli(['listen', '--port', port ?? '', '--no-log']);
      expect(second.code).toBe(1);
      expect(second.stderr).toBe(`error: port ${port} is in use\n  use --port 0 for a free port or stop the other process\n`);
    } finally {
      await first.stop();
    }
  });
});
