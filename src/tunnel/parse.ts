/**
 * One line of cloudflared's log (it logs everything on stderr), reduced to
 * what the tool acts on. Formats seen in real output:
 *
 *   2023-04-28T16:27:15Z INF |  https://fare-write-waste-gadgets.trycloudflare.com   |
 *   2024-02-08T06:25:54Z WRN Failed to create new quic connection error="..." connIndex=2
 *   2026-07-15T08:26:53Z ERR failed to accept incoming stream requests error="..."
 *   failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: ...
 *
 * The last kind is the fatal error cloudflared prints without timestamp or
 * level just before it exits with code 1. `message` is the line without
 * timestamp, level and colour codes.
 */
export type CloudflaredLine =
  | { kind: 'url'; url: string; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'warning'; message: string }
  | { kind: 'info'; message: string };

// The cloudflared package's TryCloudflareHandler matches any
// https://<label>.trycloudflare.com, which includes the API host named in the
// "failed to request quick Tunnel" error, so it would announce a tunnel that
// does not exist; `api.` is excluded here.
const QUICK_TUNNEL_URL = /https:\/\/(?!api\.)[a-z0-9-]+\.trycloudflare\.com(?![a-z0-9.-])/i;
const LEVELLED = /^(?:\d{4}-\d\d-\d\dT\S+\s+)?(DBG|INF|WRN|ERR|FTL)\s+(.*)$/;
const BARE_FAILURE = /^(?:failed|error|cannot|unable)\b/i;
// cloudflared colours its log when it thinks it writes to a terminal.
const ANSI = /\u001b\[[0-9;]*m/g;

/** Undefined for blank lines; every other line has a kind. */
export function parseCloudflaredLine(line: string): CloudflaredLine | undefined {
  const clean = line.replace(ANSI, '').trim();
  if (!clean) return undefined;
  const levelled = LEVELLED.exec(clean);
  const level = levelled?.[1];
  const message = (levelled?.[2] ?? clean).trim();
  if (level === 'ERR' || level === 'FTL' || (!levelled && BARE_FAILURE.test(message))) return { kind: 'error', message };
  if (level === 'WRN') return { kind: 'warning', message };
  const url = QUICK_TUNNEL_URL.exec(message)?.[0];
  return url ? { kind: 'url', url: url.toLowerCase(), message } : { kind: 'info', message };
}
