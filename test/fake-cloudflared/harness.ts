// Plays `listen` in test/tunnel-orphans.test.ts: opens the tunnel with the
// real openTunnel and handles SIGINT/SIGTERM the way the command does, by
// calling stop(). The test bundles it with tsup and then signals, crashes or
// SIGKILLs it. Protocol on stdout: "READY <url>", "STOPPED <signal>";
// a line on stdin crashes it.
import { openTunnel } from '../../src/tunnel/open.js';

const result = await openTunnel({
  localUrl: 'http://127.0.0.1:9',
  binary: { path: process.env.HARNESS_CLOUDFLARED ?? 'cloudflared', source: 'env' },
  env: process.env,
  stopGraceMs: 1_000,
});
if (!result.ok) {
  process.stdout.write(`FAILED ${result.reason}\n`);
  process.exit(1);
}
process.stdout.write(`READY ${result.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void result.stop().then(() => {
      process.stdout.write(`STOPPED ${signal}\n`);
      process.exit(0);
    });
  });
}
// Any line on stdin makes the harness die of an uncaught exception.
process.stdin.once('data', () => {
  throw new Error('harness crashed on purpose');
});
