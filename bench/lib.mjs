// Shared plumbing for the benchmarks: child processes, timing, loopback servers.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = fileURLToPath(new URL('../bin/voicehub-hooks.js', import.meta.url));
export const fixtureBody = readFileSync(new URL('../fixtures/voicehub-call/CallStatusChanged.json', import.meta.url), 'utf8');
export const benchEnv = { ...process.env, NO_COLOR: '1', CI: '1', VOICEHUB_HOOKS_TUNNEL: '0' };

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Wall time of one run of a command to completion, in ms. */
export function timeRun(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore', env: benchEnv });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/**
 * Starts a long-running process and resolves once its output matches
 * `ready`, with the time that took and the match.
 */
export function startProcess(args, ready, { stdout = 'pipe', env = benchEnv } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', stdout, 'pipe'], env });
    let seen = '';
    const onData = (chunk) => {
      seen += chunk;
      const match = seen.match(ready);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr.off('data', onData);
        resolve({ child, match, readyMs: performance.now() - started });
      }
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before ready:\n${seen}`)));
    child.on('error', reject);
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
