import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { install as packageInstall } from 'cloudflared';
import type { Io } from '../io/context.js';
import { errorCode } from '../io/fs-errors.js';
import { startSpinner } from '../io/spinner.js';
import { formatSeconds } from '../render/attempt.js';
import { CLOUDFLARED_ENV, resolveCloudflared, type ResolveOptions } from './binary.js';
import { MANUAL_INSTALL_HINT, tunnelFailure, type CloudflaredBinary, type TunnelFailure } from './types.js';

/** Puts a working cloudflared at `to`; rejects when it cannot. */
export type Installer = (to: string) => Promise<unknown>;

export interface EnsureOptions extends Omit<ResolveOptions, 'env' | 'cwd'> {
  /**
   * Defaults to the cloudflared package's install(), which downloads the
   * binary for this OS and CPU from github.com/cloudflare/cloudflared
   * releases. `false` turns downloading off (tests never touch the network).
   */
  install?: Installer | false;
  /** The package's download has no timeout of its own. */
  installTimeoutMs?: number;
}

export type EnsureResult = { ok: true; binary: CloudflaredBinary } | TunnelFailure;

const DEFAULT_INSTALL_TIMEOUT_MS = 180_000;

/**
 * A runnable cloudflared, installing the package-managed one when none is
 * found anywhere. Never throws: every problem comes back as a TunnelFailure.
 */
export async function ensureCloudflared(io: Io, options: EnsureOptions = {}): Promise<EnsureResult> {
  const resolution = await resolveCloudflared({ ...options, env: io.env, cwd: io.cwd });
  switch (resolution.kind) {
    case 'found':
      return { ok: true, binary: resolution.binary };
    case 'unusable': {
      const named = resolution.source === 'option' ? '--cloudflared' : CLOUDFLARED_ENV;
      const fix =
        resolution.problem === 'is not executable'
          ? `Make it executable (chmod +x ${resolution.path}) or`
          : `Fix ${named} or`;
      return tunnelFailure(
        'binary',
        `cloudflared at ${resolution.path} (set by ${named}) ${resolution.problem}`,
        `${fix} leave ${named} unset to use the cloudflared the tool manages.`,
      );
    }
    case 'absent':
      if (options.install === false) {
        return tunnelFailure('binary', 'cloudflared is not installed and downloading it is turned off', MANUAL_INSTALL_HINT);
      }
      return installCloudflared(io, resolution.installTo, options.install ?? packageInstall, options.installTimeoutMs);
  }
}

async function installCloudflared(io: Io, to: string, install: Installer, timeoutMs = DEFAULT_INSTALL_TIMEOUT_MS): Promise<EnsureResult> {
  const spinner = await startSpinner(io, 'Downloading cloudflared from Cloudflare\'s GitHub releases (first run only)…');
  // A download cut short must never sit at the final path and be taken for a
  // binary next time: write beside it, then rename (atomic on one filesystem).
  const partial = `${to}.download-${process.pid}`;
  const download = install(partial).then(() => rename(partial, to));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    if ((await Promise.race([download, timedOut])) === 'timeout') {
      // The package's request cannot be cancelled; tidy up whenever it ends.
      void download.catch(() => undefined).finally(() => rm(partial, { force: true }));
      spinner.stop();
      return tunnelFailure('install', `could not download cloudflared: no answer within ${formatSeconds(timeoutMs)}`, MANUAL_INSTALL_HINT);
    }
    spinner.succeed(`Installed cloudflared at ${to}`);
    return { ok: true, binary: { path: to, source: 'installed' } };
  } catch (error) {
    await rm(partial, { force: true });
    spinner.stop();
    return tunnelFailure('install', `could not install cloudflared: ${installProblem(error, to)}`, MANUAL_INSTALL_HINT);
  } finally {
    clearTimeout(timer);
  }
}

function installProblem(error: unknown, to: string): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `no permission to write ${path.dirname(to)} (${code})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `no network route to GitHub, where it is downloaded from (${message})`;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return `the download from GitHub failed (${message})`;
  return message;
}
