import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { formatSeconds } from '../render/attempt.js';
import { parseCloudflaredLine } from './parse.js';
import { supervisedArgs } from './supervisor.js';
import { clip } from './text.js';
import { tunnelFailure, type CloudflaredBinary, type TunnelFailure } from './types.js';

export interface OpenTunnelOptions {
  /** The local receiver the tunnel forwards to, e.g. http://127.0.0.1:4242. */
  localUrl: string;
  binary: CloudflaredBinary;
  /** cloudflared's environment (its TUNNEL_* variables and proxies apply). */
  env: NodeJS.ProcessEnv;
  /** How long to wait for the public URL. */
  timeoutMs?: number;
  /** How long cloudflared may take to shut down before it is killed. */
  stopGraceMs?: number;
  /** Every raw output line, for `--verbose`. */
  onLine?: (line: string) => void;
  /** Called once if the tunnel dies after it was up (never after stop()). */
  onExit?: (failure: TunnelFailure) => void;
  /** Aborting while the tunnel is coming up stops cloudflared and resolves with stage 'aborted'. */
  signal?: AbortSignal;
}

export interface OpenTunnel {
  ok: true;
  /** https://<words>.trycloudflare.com, no trailing slash. */
  url: string;
  binary: CloudflaredBinary;
  /** Stops cloudflared and resolves once it is gone. Safe to call more than once. */
  stop(): Promise<void>;
}

export type OpenTunnelResult = OpenTunnel | TunnelFailure;

export const DEFAULT_TUNNEL_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_GRACE_MS = 5_000;
const NETWORK_HINT =
  "Check that this machine can reach Cloudflare (HTTPS to api.trycloudflare.com, outbound port 7844 to Cloudflare's edge); run with --verbose to see cloudflared's output.";

/**
 * Starts a Cloudflare quick tunnel (`cloudflared tunnel --url <localUrl>`)
 * and resolves once cloudflared prints its public URL, or with the reason it
 * did not. The cloudflared package's tunnel() helper is not used: it spawns
 * cloudflared directly (so nothing stops it if this process is killed), its
 * URL pattern also matches api.trycloudflare.com from error lines, and it
 * pipes output to our stdout when VERBOSE is set.
 */
export function openTunnel(options: OpenTunnelOptions): Promise<OpenTunnelResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TUNNEL_TIMEOUT_MS;
  const graceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const args = ['tunnel', '--url', options.localUrl, '--no-autoupdate'];
  // Own process group, so a Ctrl-C in the terminal reaches only the tool, which
  // then stops cloudflared itself, in order, instead of racing it.
  const ownGroup = process.platform !== 'win32';
  const child = spawn(process.execPath, supervisedArgs(options.binary.path, args, graceMs), {
    env: options.env,
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: ownGroup,
  });
  // EPIPE when the supervisor is already gone: its exit is reported on 'close'.
  child.stdin.on('error', () => undefined);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );

  let state: 'starting' | 'up' | 'stopping' = 'starting';
  let lastError: string | undefined;
  let lastWarning: string | undefined;
  let lastMessage: string | undefined;
  const detail = () => clip(lastError ?? lastWarning ?? lastMessage);

  const stop = async (): Promise<void> => {
    state = 'stopping';
    child.stdin.end();
    // The supervisor kills cloudflared after graceMs; this is the backstop
    // should the supervisor itself hang.
    const backstop = setTimeout(() => {
      try {
        if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs + 2_000);
    await closed;
    clearTimeout(backstop);
  };

  return new Promise<OpenTunnelResult>((resolve) => {
    const timer = setTimeout(() => {
      void fail(
        tunnelFailure('timeout', `cloudflared printed no tunnel URL within ${formatSeconds(timeoutMs)}${detail() ? ` (last: ${detail()})` : ''}`, NETWORK_HINT),
      );
    }, timeoutMs);
    const onAbort = () => void fail(tunnelFailure('aborted', 'the tunnel was cancelled before it was up', ''));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    function settle(result: OpenTunnelResult): void {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    }
    async function fail(failure: TunnelFailure): Promise<void> {
      if (state !== 'starting') return;
      await stop();
      settle(failure);
    }

    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      options.onLine?.(line);
      const parsed = parseCloudflaredLine(line);
      if (!parsed) return;
      lastMessage = parsed.message;
      if (parsed.kind === 'error') lastError = parsed.message;
      if (parsed.kind === 'warning') lastWarning = parsed.message;
      if (parsed.kind === 'url' && state === 'starting') {
        state = 'up';
        settle({ ok: true, url: parsed.url, binary: options.binary, stop });
      }
    });

    child.on('error', (error) => {
      if (state === 'starting') {
        state = 'stopping';
        settle(tunnelFailure('spawn', `could not start the tunnel supervisor (${process.execPath}): ${error.message}`, 'Use --no-tunnel to receive locally only.'));
      }
    });

    void closed.then(({ code, signal }) => {
      const exit = describeExit(code, signal);
      if (state === 'starting') {
        state = 'stopping';
        const why = detail() ? `: ${detail()}` : '';
        const hint = code === 127 ? `Check that ${options.binary.path} is cloudflared built for this OS and CPU.` : NETWORK_HINT;
        settle(tunnelFailure('exit', `cloudflared ${exit} before the tunnel was up${why}`, hint));
      } else if (state === 'up') {
        state = 'stopping';
        const why = lastError ? ` (last error: ${clip(lastError)})` : '';
        options.onExit?.(
          tunnelFailure('exit', `the tunnel is down: cloudflared ${exit}${why}`, 'Restart listen for a new tunnel URL; run with --verbose to see cloudflared\'s output.'),
        );
      }
    });
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was stopped by ${signal}`;
  const bySignal = code !== null && code > 128 ? Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0] : undefined;
  return bySignal ? `was stopped by ${bySignal}` : `exited with code ${code ?? 'unknown'}`;
}
