import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fakeDir = path.dirname(fileURLToPath(import.meta.url));
export const fakeBinary = (name = 'cloudflared') => path.join(fakeDir, name);

/** Environment for a fake cloudflared: where to write its pid, which URL to announce. */
export function fakeEnv(pidFile: string, url: string): NodeJS.ProcessEnv {
  return { ...process.env, FAKE_CLOUDFLARED_PID_FILE: pidFile, FAKE_CLOUDFLARED_URL: url };
}

/** True while `pid` exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function poll<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface FakeRun {
  pid: number;
  argv: string[];
}

/** What a fake cloudflared wrote to FAKE_CLOUDFLARED_PID_FILE when it started. */
export function fakeRun(pidFile: string, timeoutMs = 5_000): Promise<FakeRun> {
  return poll(
    async () => {
      const text = await readFile(pidFile, 'utf8').catch(() => '');
      return text ? (JSON.parse(text) as FakeRun) : undefined;
    },
    timeoutMs,
    `the fake cloudflared to write ${pidFile}`,
  );
}

/** Resolves true once `pid` is gone, false if it is still there after `timeoutMs`. */
export async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  return poll(() => (isAlive(pid) ? undefined : true), timeoutMs, `pid ${pid} to exit`).catch(() => false);
}

/** Test clean-up: whatever a failed test left running. */
export function killIfAlive(pid: number | undefined): void {
  if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
}
