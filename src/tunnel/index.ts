// What `listen` loads, on demand, when it opens a tunnel.
export { describeBinary } from './binary.js';
export { startTunnel } from './start.js';
