import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'tsup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeBinary, fakeDir, fakeEnv, fakeRun, gone, isAlive, killIfAlive, poll } from './fake-cloudflared/processes.js';

// The harness is a separate Node process running the bundled tunnel code, so
// the test can do to it what a user or the OS does to `listen`.
describe('no orphan cloudflared', () => {
  let buildDir: string;
  let harnessFile: string;
  let dir: string;
  let harness: ChildProcessWithoutNullStreams | undefined;
  let fakePid: number | undefined;

  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(tmpdir(), 'vh-harness-build-'));
    await build({
      config: false,
      entry: { harness: path.join(fakeDir, 'harness.ts') },
      outDir: buildDir,
      format: ['esm'],
      outExtension: () => ({ js: '.mjs' }),
      platform: 'node',
      target: 'node20',
      silent: true,
    });
    harnessFile = path.join(buildDir, 'harness.mjs');
  });
  afterAll(() => rm(buildDir, { recursive: true, force: true }));
  afterEach(async () => {
    if (harness && harness.exitCode === null && harness.signalCode === null) harness.kill('SIGKILL');
    killIfAlive(fakePid);
    await rm(dir, { recursive: true, force: true });
  });

  async function startHarness(): Promise<{ child: ChildProcessWithoutNullStreams; stdout: () => string; pid: number; exited: Promise<number | null> }> {
    dir = await mkdtemp(path.join(tmpdir(), 'vh-orphans-'));
    const pidFile = path.join(dir, 'pid.json');
    const child = spawn(process.execPath, [harnessFile], {
      env: { ...fakeEnv(pidFile, 'https://plenty-rover-fancy-lake.trycloudflare.com'), HARNESS_CLOUDFLARED: fakeBinary() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    harness = child;
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await poll(() => (stdout.includes('READY https://plenty-rover-fancy-lake.trycloudflare.com') ? true : undefined), 10_000, 'the harness to open the tunnel');
    const pid = (await fakeRun(pidFile)).pid;
    fakePid = pid;
    expect(isAlive(pid)).toBe(true);
    return { child, stdout: () => stdout, pid, exited };
  }

  it('stops cloudflared when the parent is killed with SIGKILL', async () => {
    const { child, pid, exited } = await startHarness();
    child.kill('SIGKILL');
    await exited;
    expect(await gone(pid, 5_000)).toBe(true);
  });

  it('stops cloudflared when the parent crashes', async () => {
    const { child, pid, exited } = await startHarness();
    child.stdin.write('crash\n');
    expect(await exited).toBe(1);
    expect(await gone(pid, 5_000)).toBe(true);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('stops cloudflared before the parent exits on %s', async (signal) => {
    const { child, stdout, pid, exited } = await startHarness();
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(stdout()).toContain(`STOPPED ${signal}`);
    expect(isAlive(pid)).toBe(false);
  });
});
