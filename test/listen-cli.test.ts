import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listEventFixtures } from '../src/fixtures/catalog.js';
import { fakeBinary } from './fake-cloudflared/processes.js';
import { cliEnv, runCli, startCli } from './helpers/cli.js';
import { jsonHeaders, send, tempDir } from './helpers/receiver-client.js';
import { startSink } from './helpers/sink.js';
import { hasTerminal, startInTerminal } from './helpers/terminal.js';

const fixture = (name: string) => readFileSync(listEventFixtures().find((f) => f.name === name)?.file ?? '', 'utf8');

/** Headers and the first bytes of a body, then silence: `curl -d @-` waiting on a stdin that never comes. */
function stallUpload(port: string): Socket {
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
  return socket;
}

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

  it('stops cleanly on Ctrl-C while a client is stuck half-way through its body, without acknowledging it', async () => {
    const temp = tempDir();
    const cli = startCli(['listen', '--port', '0', '--no-tunnel'], { cwd: temp.dir });
    const stalled: Socket[] = [];
    try {
      const [url, port] = await cli.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
      stalled.push(stallUpload(port ?? ''));
      // Answered after the stalled request's headers were read: both connections were open before it was sent.
      expect((await send(url, fixture('CallStatusChanged'), { headers: jsonHeaders() })).status).toBe(200);
      await cli.waitFor(/200 accepted/);
      // cli.stop() kills the process after 5 s: only a stop bounded by the 3 s grace exits 0.
      const result = await cli.stop('SIGINT');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/stopped: 1 delivery \(1 accepted, 0 rejected\)/);
      const log = readFileSync(`${temp.dir}/.voicehub-hooks/events.jsonl`, 'utf8');
      expect(log.trim().split('\n')).toHaveLength(1);
    } finally {
      stalled.forEach((socket) => socket.destroy());
      await cli.stop();
      temp.remove();
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

describe.skipIf(!hasTerminal)('voicehub-hooks listen in a terminal', () => {
  it('counts a request still being received in the "finishing" spinner after Ctrl-C', async () => {
    const temp = tempDir();
    const terminal = startInTerminal(['listen', '--port', '0', '--no-log', '--no-tunnel'], { cwd: temp.dir, env: cliEnv() });
    let stalled: Socket | undefined;
    try {
      await terminal.answer(/http:\/\/127\.0\.0\.1:\d+\//);
      const [url, port] = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(terminal.screen()) ?? [];
      stalled = stallUpload(port ?? '');
      expect((await send(url ?? '', fixture('CallStatusChanged'), { headers: jsonHeaders() })).status).toBe(200);
      await terminal.answer(/200 accepted/, '\u0003');
      await terminal.answer(/finishing 1 delivery in flight \(Ctrl-C again to force\)/);
      expect(await terminal.closed).toBe(0);
      expect(terminal.screen()).toMatch(/stopped: 1 delivery \(1 accepted, 0 rejected\)/);
    } finally {
      stalled?.destroy();
      terminal.stop();
      temp.remove();
    }
  });

  it('says it is stopping the tunnel after Ctrl-C (a fake cloudflared: Cloudflare is unreachable from CI)', async () => {
    const temp = tempDir();
    const terminal = startInTerminal(['listen', '--port', '0', '--no-log', '--cloudflared', fakeBinary()], { cwd: temp.dir, env: cliEnv() });
    try {
      await terminal.answer(/https:\/\/[a-z-]+\.trycloudflare\.com/, '\u0003');
      await terminal.answer(/stopping the tunnel \(Ctrl-C again to force\)/);
      expect(await terminal.closed).toBe(0);
      expect(terminal.screen()).toMatch(/stopped: 0 deliveries/);
    } finally {
      terminal.stop();
      temp.remove();
    }
  });
});
