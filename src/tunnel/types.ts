/** Where the cloudflared binary came from, so `--verbose` can say which one runs. */
export type BinarySource = 'option' | 'env' | 'package' | 'path' | 'installed';

export interface CloudflaredBinary {
  path: string;
  source: BinarySource;
}

/** The step that failed; the command may word its fallback differently per step. */
export type TunnelStage = 'binary' | 'install' | 'spawn' | 'exit' | 'timeout' | 'aborted';

/**
 * Every way the tunnel can fail, as data: the command prints `reason` and
 * `hint` (one line each) and goes on receiving locally.
 */
export interface TunnelFailure {
  ok: false;
  stage: TunnelStage;
  reason: string;
  hint: string;
}

export function tunnelFailure(stage: TunnelStage, reason: string, hint: string): TunnelFailure {
  return { ok: false, stage, reason, hint };
}

/** What a user can do when the tool cannot provide cloudflared itself. */
export const MANUAL_INSTALL_HINT =
  'Install cloudflared yourself (macOS: brew install cloudflared; Debian/Ubuntu/RHEL: the .deb/.rpm from pkg.cloudflare.com; ' +
  'any OS: https://github.com/cloudflare/cloudflared/releases), then put it on PATH or point CLOUDFLARED_BIN or --cloudflared at it.';
