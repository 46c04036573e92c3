import type { ChalkInstance } from 'chalk';
import { isAbsolute, relative } from 'node:path';
import { isLoopback } from './options.js';

export interface BannerInfo {
  localUrl: string;
  /** The tunnel's public URL, once there is one. */
  publicUrl?: string;
  host: string;
  secretMode: 'verifying' | 'off';
  /** Absolute; absent with `--no-log`. */
  logPath?: string;
  forwardTo?: string;
}

/** The log path as the user would type it: relative when it is under the working directory. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function exposureWarning(host: string): string | undefined {
  if (isLoopback(host)) return undefined;
  if (host === '0.0.0.0' || host === '::') return `listening on all interfaces (${host}): anyone who can reach this machine can post to it`;
  return `listening on ${host}: reachable from other machines, not only this one`;
}

/** What must be seen however quiet the output: who else can post to this receiver. */
function exposureWarnings(info: BannerInfo): string[] {
  const onInterfaces = exposureWarning(info.host);
  return [
    ...(onInterfaces !== undefined ? [onInterfaces] : []),
    ...(info.publicUrl !== undefined && info.secretMode === 'off'
      ? ['anyone with the public URL can post events: set --secret (or VOICEHUB_WEBHOOK_SECRET) to verify them']
      : []),
  ];
}

/** What `listen` prints once it is ready: where to send, what is checked, where it goes, how to stop. */
export function renderBanner(info: BannerInfo, cwd: string, c: ChalkInstance): string {
  const row = (label: string, value: string) => `  ${c.dim(label.padEnd(9))}${value}`;
  const lines = [
    `${c.bold('voicehub-hooks listen')} ${c.dim('ready')}`,
    row('local', c.cyan(info.localUrl)),
    ...(info.publicUrl !== undefined ? [row('public', c.bold.cyan(info.publicUrl)), row('', c.dim("paste this URL into your platform's webhook settings"))] : []),
    row('secret', info.secretMode === 'verifying' ? c.green('verifying x-webhook-secret') : c.yellow('verification off — set --secret or VOICEHUB_WEBHOOK_SECRET')),
    row('log', info.logPath !== undefined ? displayPath(info.logPath, cwd) : c.dim('off (--no-log)')),
    ...(info.forwardTo !== undefined ? [row('forward', info.forwardTo)] : []),
    ...exposureWarnings(info).map((warning) => c.yellow(`  ⚠ ${warning}`)),
    c.dim('Ctrl-C to stop'),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** `--quiet`: one line saying where to send (the public URL first: it is the one to paste), then the warnings. */
export function renderQuietBanner(info: BannerInfo, c: ChalkInstance): string {
  const where = info.publicUrl !== undefined ? `${info.publicUrl} (local ${info.localUrl})` : info.localUrl;
  return [`listening on ${where}`, ...exposureWarnings(info).map((warning) => c.yellow(`⚠ ${warning}`))].map((line) => `${line}\n`).join('');
}

/** The first stdout line in `--json` mode, so scripts learn the port without parsing prose. */
export function listeningJson(info: BannerInfo): Record<string, unknown> {
  return {
    type: 'listening',
    url: info.localUrl,
    publicUrl: info.publicUrl ?? null,
    secret: info.secretMode,
    log: info.logPath ?? null,
    forwardTo: info.forwardTo ?? null,
  };
}
