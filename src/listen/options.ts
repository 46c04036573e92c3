import { networkInterfaces } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../io/errors.js';
import { parseHttpUrl } from '../io/http-url.js';

/** What commander hands over: strings as typed, flags as booleans. */
export interface RawListenOptions {
  host: string;
  port: string;
  path?: string;
  secret?: string;
  forwardTo?: string;
  /** The file, or false with `--no-log`. */
  log: string | false;
  status?: string;
  failFirst?: string;
  maxBody: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** False with `--no-tunnel`. */
  tunnel?: boolean;
  cloudflared?: string;
  fetchAnalysis?: boolean;
  apiKey?: string;
  /** Always set by commander (it has a default); optional for callers that build options by hand. */
  baseUrl?: string;
  allowHost?: string[];
}

export interface ListenOptions {
  host: string;
  port: number;
  path?: string;
  secret?: string;
  forwardTo?: string;
  /** Absolute; absent with `--no-log`. */
  logPath?: string;
  status?: number;
  failFirst?: number;
  maxBodyBytes: number;
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  tunnel: boolean;
  /** `--cloudflared <path>`: the binary to run instead of the managed one. */
  cloudflared?: string;
  /** `--fetch-analysis`: fetch and show the results that events announce. */
  fetchAnalysis: boolean;
}

export const defaultLogFile = '.voicehub-hooks/events.jsonl';
export const defaultMaxBody = '1m';
/** Bodies are held in memory while they are checked and logged. */
const maxBodyCeiling = 64 * 1024 * 1024;

function integer(flag: string, value: string, min: number, max: number, hint?: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}")`, hint);
  }
  return n;
}

const units: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `1048576`, `512k`, `2m`, `1MiB` → bytes. */
export function parseSize(flag: string, value: string): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = units[match?.[2]?.toLowerCase() ?? 'invalid'];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > maxBodyCeiling) {
    throw new UsageError(`${flag} must be a size from 1 byte to 64m (got "${value}")`, 'for example --max-body 512k or --max-body 2m');
  }
  return bytes;
}

function urlPath(value: string): string {
  if (!value.startsWith('/') || /[\s?#]/.test(value)) {
    throw new UsageError(`--path must be a URL path starting with / (got "${value}")`, 'for example --path /webhooks');
  }
  return value;
}

/** `VOICEHUB_HOOKS_TUNNEL=0` (or false/off/no) keeps `listen` local, like `--no-tunnel`. */
export function tunnelWanted(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  const setting = env.VOICEHUB_HOOKS_TUNNEL?.trim().toLowerCase();
  return !(setting === '0' || setting === 'false' || setting === 'off' || setting === 'no');
}

/** Checks every option and turns it into the form the receiver uses; bad input is a UsageError (exit 2). */
export function parseListenOptions(raw: RawListenOptions, cwd: string, env: NodeJS.ProcessEnv = {}): ListenOptions {
  const host = raw.host.trim();
  if (host === '') throw new UsageError('--host must not be empty', 'use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)');
  const secret = raw.secret === undefined || raw.secret === '' ? undefined : raw.secret;
  return {
    host,
    port: integer('--port', raw.port, 0, 65_535, 'use --port 0 for a free port'),
    ...(raw.path !== undefined ? { path: urlPath(raw.path) } : {}),
    ...(secret !== undefined ? { secret } : {}),
    ...(raw.forwardTo !== undefined ? { forwardTo: parseHttpUrl('--forward-to', raw.forwardTo) } : {}),
    ...(raw.log !== false ? { logPath: isAbsolute(raw.log) ? raw.log : resolve(cwd, raw.log) } : {}),
    ...(raw.status !== undefined ? { status: integer('--status', raw.status, 200, 599, 'for example --status 503 to make the platform retry') } : {}),
    ...(raw.failFirst !== undefined ? { failFirst: integer('--fail-first', raw.failFirst, 1, 1_000) } : {}),
    maxBodyBytes: parseSize('--max-body', raw.maxBody),
    json: raw.json ?? false,
    verbose: raw.verbose ?? false,
    quiet: raw.quiet ?? false,
    tunnel: tunnelWanted(raw.tunnel, env),
    ...(raw.cloudflared !== undefined ? { cloudflared: raw.cloudflared } : {}),
    fetchAnalysis: raw.fetchAnalysis ?? false,
  };
}

/**
 * One spelling per address, so the target and `--host` compare equal however
 * they were typed: WHATWG URL parsing turns `127.1` into `127.0.0.1` and
 * `::ffff:127.0.0.1` into `::ffff:7f00:1`, which is then written as the IPv4
 * address it maps; brackets and a trailing dot (`localhost.`) go.
 */
function canonicalHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  let parsed: string;
  try {
    parsed = new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return bare;
  }
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(parsed);
  if (!mapped) return parsed;
  const [high, low] = [Number.parseInt(mapped[1] ?? '', 16), Number.parseInt(mapped[2] ?? '', 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const isCanonicalLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
const isUnspecified = (host: string) => host === '0.0.0.0' || host === '::';

export function isLoopback(host: string): boolean {
  return isCanonicalLoopback(canonicalHost(host));
}

/** Every address of this machine's network interfaces. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((address) => address.address));
}

/**
 * Forwarding to the receiver itself would loop each delivery forever. A
 * connection to 0.0.0.0 or :: reaches this machine over loopback, and a
 * receiver on every interface is also reached through each of this machine's
 * own addresses. Names that merely resolve to this machine are not caught
 * here: the forwarder's mark stops those loops (forward.ts).
 */
export function forwardsToItself(forwardTo: string, host: string, port: number, ownAddresses: readonly string[] = interfaceAddresses()): boolean {
  const target = new URL(forwardTo);
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (targetPort !== port) return false;
  const to = canonicalHost(target.hostname);
  const on = canonicalHost(host);
  if (to === on) return true;
  const reachesLoopback = isCanonicalLoopback(to) || isUnspecified(to);
  if (isUnspecified(on)) return reachesLoopback || ownAddresses.some((address) => canonicalHost(address) === to);
  return isCanonicalLoopback(on) && reachesLoopback;
}
