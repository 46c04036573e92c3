import type { Io } from '../io/context.js';
import { startSpinner } from '../io/spinner.js';
import { ensureCloudflared, type EnsureOptions } from './install.js';
import { openTunnel, type OpenTunnelOptions, type OpenTunnelResult } from './open.js';
import type { CloudflaredBinary } from './types.js';

export type StartTunnelOptions = EnsureOptions &
  Omit<OpenTunnelOptions, 'binary' | 'env'> & {
    /** Told which cloudflared is about to run, before it prints anything. */
    onBinary?: (binary: CloudflaredBinary) => void;
  };

/**
 * What `listen` calls: find or install cloudflared, then open the tunnel,
 * with a spinner on stderr for each wait. Prints nothing else; the caller
 * shows the URL or the failure's reason and hint.
 */
export async function startTunnel(io: Io, options: StartTunnelOptions): Promise<OpenTunnelResult> {
  const ensured = await ensureCloudflared(io, options);
  if (!ensured.ok) return ensured;
  options.onBinary?.(ensured.binary);
  // With --verbose cloudflared's own lines show the progress, and a spinner
  // would be torn up by them.
  const spinner = await startSpinner(io, 'Opening a Cloudflare quick tunnel…', { quiet: Boolean(options.onLine) });
  try {
    return await openTunnel({ ...options, binary: ensured.binary, env: io.env });
  } finally {
    spinner.stop();
  }
}
