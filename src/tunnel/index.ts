export { CLOUDFLARED_ENV, describeBinary, resolveCloudflared, type Resolution, type ResolveOptions } from './binary.js';
export { ensureCloudflared, type EnsureOptions, type EnsureResult, type Installer } from './install.js';
export { DEFAULT_TUNNEL_TIMEOUT_MS, openTunnel, type OpenTunnel, type OpenTunnelOptions, type OpenTunnelResult } from './open.js';
export { parseCloudflaredLine, type CloudflaredLine } from './parse.js';
export { startTunnel, type StartTunnelOptions } from './start.js';
export { MANUAL_INSTALL_HINT, type BinarySource, type CloudflaredBinary, type TunnelFailure, type TunnelStage } from './types.js';
