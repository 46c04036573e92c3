import type { Io } from '../io/context.js';
import type { CloudflaredBinary } from '../tunnel/types.js';
import type { ListenOptions } from './options.js';

export interface PublicAddress {
  /** The URL to paste into the platform, path included; absent when local only. */
  url?: string;
  stop(): Promise<void>;
}

const localOnly: PublicAddress = { stop: async () => undefined };

/**
 * Opens the Cloudflare quick tunnel for `listen`. Every failure is told once,
 * in one line with a next step, and receiving goes on locally: a tunnel is a
 * convenience, never a reason to stop.
 */
export async function openPublicAddress(io: Io, options: ListenOptions, localUrl: string, signal: AbortSignal): Promise<PublicAddress> {
  if (!options.tunnel) return localOnly;
  // Loaded only here: --no-tunnel and tests never pay for it.
  const { describeBinary, startTunnel } = await import('../tunnel/index.js');
  const c = io.err;
  const result = await startTunnel(io, {
    localUrl: new URL(localUrl).origin,
    signal,
    ...(options.cloudflared !== undefined ? { explicitPath: options.cloudflared } : {}),
    ...(options.verbose
      ? {
          onBinary: (binary: CloudflaredBinary) => io.stderr.write(`${c.dim('cloudflared:')} ${describeBinary(binary)}\n`),
          onLine: (line: string) => io.stderr.write(c.dim(`  cloudflared │ ${line}\n`)),
        }
      : {}),
    onExit: (failure) => io.stderr.write(`${c.red('tunnel down:')} ${failure.reason}\n${c.dim(`  ${failure.hint}; still receiving locally`)}\n`),
  });
  if (!result.ok) {
    if (result.stage !== 'aborted') {
      io.stderr.write(`${c.yellow('no public URL:')} ${result.reason}\n${c.dim(`  ${result.hint}`)}\n${c.dim('  still receiving locally (use --no-tunnel to skip the tunnel)')}\n`);
    }
    return localOnly;
  }
  return { url: `${result.url}${options.path ?? ''}`, stop: result.stop };
}
