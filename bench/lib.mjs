// Shared plumbing for the benchmarks: child processes, timing, loopback servers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
// VOICEHUB_BENCH_CLI points the bench at another build (an older checkout, say) to compare.
export const cli = process.env.VOICEHUB_BENCH_CLI ?? fileURLToPath(new URL('../bin/voicehub-hooks.cjs', import.meta.url));
export const fixtureBody = readFileSync(new URL('../fixtures/voicehub-call/CallStatusChanged.json', import.meta.url), 'utf8');
export const benchEnv = { ...process.env, NO_COLOR: '1', CI: '1', VOICEHUB_HOOKS_TUNNEL: '0' };

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

export const median = (values) => percentile(values, 50);

/** Wall time of one run of a command to completion, in ms. */
export function timeRun(args, env = benchEnv) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore', env });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/**
 * Starts a long-running process and resolves once its output matches
 * `ready`, with the time that took and the match. With `stdout` sent to a
 * file descriptor (so printing costs the child what it costs a user who
 * redirects it, and nothing in this process), pass that file as `readyFile`:
 * it is polled for `ready`. Never waits longer than `readyTimeoutMs`.
 */
export function startProcess(args, ready, { stdout = 'pipe', env = benchEnv, readyFile, readyTimeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', stdout, 'pipe'], env });
    let seen = '';
    let poll;
    const giveUp = setTimeout(() => {
      done();
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} not ready within ${readyTimeoutMs} ms:\n${seen}`));
    }, readyTimeoutMs);
    const done = () => {
      clearTimeout(giveUp);
      clearInterval(poll);
      child.stdout?.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
    };
    const check = (text) => {
      const match = text.match(ready);
      if (!match) return;
      done();
      resolve({ child, match, readyMs: performance.now() - started });
    };
    const onData = (chunk) => {
      seen += chunk;
      check(seen);
    };
    const onExit = (code) => {
      done();
      reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${seen}`));
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    if (readyFile) poll = setInterval(() => check(readFileSync(readyFile, 'utf8')), 5);
    child.on('exit', onExit);
    child.on('error', reject);
  });
}

/** Runs a command to its end and resolves with its exit code and stdout. */
export function runToEnd(args, { env = benchEnv } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function stopProcess(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A bare node:http server in this process that reads the body and answers 200. */
export function startLocalApp(onBody = () => {}) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      onBody(req, Buffer.concat(chunks));
      res.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })),
  );
}
