import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTunnel, type OpenTunnelOptions } from '../src/tunnel/open.js';
import type { TunnelFailure } from '../src/tunnel/types.js';
import { fakeBinary, fakeEnv, fakeRun, gone, isAlive, killIfAlive, poll } from './fake-cloudflared/processes.js';

const localUrl = 'http://127.0.0.1:4242';
const url = 'https://plenty-rover-fancy-lake.trycloudflare.com';

describe('openTunnel', () => {
  let dir: string;
  let pidFile: string;
  let fakePid: number | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vh-tunnel-'));
    pidFile = path.join(dir, 'pid.json');
    fakePid = undefined;
  });
  afterEach(async () => {
    killIfAlive(fakePid);
    await rm(dir, { recursive: true, force: true });
  });

  const open = (name: string, extra: Partial<OpenTunnelOptions> = {}) =>
    openTunnel({ localUrl, binary: { path: fakeBinary(name), source: 'option' }, env: fakeEnv(pidFile, url), ...extra });
  const watchFake = async () => (fakePid = (await fakeRun(pidFile)).pid);

  it('resolves with the URL cloudflared announces, then stop() leaves no process behind', async () => {
    const lines: string[] = [];
    const exits: TunnelFailure[] = [];
    const result = await open('cloudflared', { onLine: (line) => lines.push(line), onExit: (failure) => exits.push(failure) });
    if (!result.ok) throw new Error(result.reason);
    expect(result.url).toBe(url);
    const run = await fakeRun(pidFile);
    fakePid = run.pid;
    expect(run.argv).toEqual(['tunnel', '--url', localUrl, '--no-autoupdate']);
    expect(isAlive(run.pid)).toBe(true);
    expect(lines.some((line) => /^\S+Z INF \|  https:\/\/plenty-rover-fancy-lake\.trycloudflare\.com +\|$/.test(line))).toBe(true);

    await result.stop();
    expect(isAlive(run.pid)).toBe(false);
    // cloudflared was asked to shut down, not killed.
    expect(lines.some((line) => line.includes('Initiating graceful shutdown due to signal terminated'))).toBe(true);
    await result.stop();
    expect(exits).toEqual([]);
  });

  it('reports cloudflared failing to get a quick tunnel, in one line with a next step', async () => {
    const result = await open('cloudflared-request-fails');
    expect(result).toEqual({
      ok: false,
      stage: 'exit',
      reason:
        'cloudflared exited with code 1 before the tunnel was up: failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com on 127.0.0.53:53: no such host',
      hint: "Check that this machine can reach Cloudflare (HTTPS to api.trycloudflare.com, outbound port 7844 to Cloudflare's edge); run with --verbose to see cloudflared's output.",
    });
  });

  it('reports an early exit with its code and the last thing cloudflared said', async () => {
    const result = await open('cloudflared-exits-early');
    expect(result).toMatchObject({
      ok: false,
      stage: 'exit',
      reason: 'cloudflared exited with code 2 before the tunnel was up: Requesting new quick Tunnel on trycloudflare.com...',
    });
  });

  it('gives up when no URL comes within the timeout, naming the last problem, and stops cloudflared', async () => {
    const result = await open('cloudflared-no-url', { timeoutMs: 2_000 });
    expect(result).toMatchObject({
      ok: false,
      stage: 'timeout',
      reason:
        'cloudflared printed no tunnel URL within 2 s (last: Failed to dial a quic connection error="failed to dial to edge with quic: timeout: no recent network activity" connIndex=0 event=0 ip=198.41.192.27)',
    });
    expect(isAlive(await watchFake())).toBe(false);
  });

  it('kills a cloudflared that ignores SIGTERM once the grace period is over', async () => {
    const lines: string[] = [];
    const result = await open('cloudflared-stubborn', { stopGraceMs: 300, onLine: (line) => lines.push(line) });
    if (!result.ok) throw new Error(result.reason);
    const pid = await watchFake();
    await result.stop();
    expect(isAlive(pid)).toBe(false);
    expect(lines.some((line) => line.includes('ignoring SIGTERM'))).toBe(true);
  });

  it('tells once when the tunnel dies after it was up', async () => {
    const exits: TunnelFailure[] = [];
    const result = await open('cloudflared', { onExit: (failure) => exits.push(failure) });
    if (!result.ok) throw new Error(result.reason);
    process.kill(await watchFake(), 'SIGKILL');
    await poll(() => (exits.length ? true : undefined), 5_000, 'onExit');
    await result.stop();
    expect(exits).toEqual([
      {
        ok: false,
        stage: 'exit',
        reason: 'the tunnel is down: cloudflared was stopped by SIGKILL',
        hint: "Restart listen for a new tunnel URL; run with --verbose to see cloudflared's output.",
      },
    ]);
  });

  it('reports a binary that cannot be started at all', async () => {
    // Found at first, then removed or made unreadable before it runs.
    const bogus = path.join(dir, 'cloudflared');
    await writeFile(bogus, 'not a program');
    await chmod(bogus, 0o644);
    const result = await openTunnel({ localUrl, binary: { path: bogus, source: 'option' }, env: process.env });
    expect(result).toMatchObject({
      ok: false,
      stage: 'exit',
      reason: expect.stringMatching(new RegExp(`^cloudflared exited with code 127 before the tunnel was up: cannot start ${bogus}: spawn ${bogus} EACCES$`)),
      hint: `Check that ${bogus} is cloudflared built for this OS and CPU.`,
    });
  });

  it('stops cloudflared when the caller gives up while it is coming up', async () => {
    const controller = new AbortController();
    const pending = open('cloudflared-no-url', { signal: controller.signal });
    const pid = await watchFake();
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, stage: 'aborted' });
    expect(await gone(pid, 5_000)).toBe(true);
  });
});
