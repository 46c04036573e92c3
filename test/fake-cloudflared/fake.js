// Shared body of the fake `cloudflared` executables beside this file. They
// stand in for the real binary because Cloudflare cannot be reached from the
// build machines: each prints on stderr what cloudflared 2025.x prints for
// `cloudflared tunnel --url <local> --no-autoupdate` (timestamped INF/WRN/ERR
// lines, the boxed https://<words>.trycloudflare.com banner) and then behaves
// as its file name says. With FAKE_CLOUDFLARED_PID_FILE set, it writes
// {"pid":…,"argv":[…]} there first so tests can find and watch the process;
// FAKE_CLOUDFLARED_URL sets the tunnel URL it announces.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const tunnelUrl = process.env.FAKE_CLOUDFLARED_URL ?? 'https://plenty-rover-fancy-lake.trycloudflare.com';

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const log = (level, text) => process.stderr.write(`${stamp()} ${level} ${text}\n`);
const keepAlive = () => setInterval(() => undefined, 60_000);

function announce() {
  if (process.env.FAKE_CLOUDFLARED_PID_FILE) {
    writeFileSync(process.env.FAKE_CLOUDFLARED_PID_FILE, JSON.stringify({ pid: process.pid, argv: process.argv.slice(2) }));
  }
  log(
    'INF',
    'Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out. ' +
      'However, be aware that these account-less Tunnels have no uptime guarantee, are subject to the Cloudflare Online Services Terms of Use ' +
      '(https://www.cloudflare.com/website-terms/), and Cloudflare reserves the right to investigate your use of Tunnels for violations of such terms. ' +
      'If you intend to use Tunnels in production you should use a pre-created named tunnel by following: ' +
      'https://developers.cloudflare.com/cloudflare-one/connections/connect-apps',
  );
  log('INF', 'Requesting new quick Tunnel on trycloudflare.com...');
}

function banner() {
  const inner = '  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  ';
  const edge = `+${'-'.repeat(inner.length)}+`;
  log('INF', edge);
  log('INF', `|${inner}|`);
  log('INF', `|${`  ${tunnelUrl}`.padEnd(inner.length)}|`);
  log('INF', edge);
  const url = process.argv[process.argv.indexOf('--url') + 1];
  log('INF', 'Cannot determine default configuration path. No file [config.yml config.yaml] in [~/.cloudflared ~/.cloudflare-warp ~/cloudflare-warp /etc/cloudflared /usr/local/etc/cloudflared]');
  log('INF', 'Version 2025.8.1 (Checksum 0f4bd1a5e6c09a4fb8c8e8b2f1d6c3a7e9b0d2c4f6a8b1c3e5d7f9a0b2c4d6e8)');
  log('INF', 'GOOS: linux, GOVersion: go1.24.4, GoArch: amd64');
  log('INF', `Settings: map[ha-connections:1 no-autoupdate:true protocol:quic url:${url}]`);
  log('INF', 'cloudflared will not automatically update if installed by a package manager.');
  log('INF', `Generated Connector ID: ${randomUUID()}`);
  log('INF', 'Initial protocol quic');
  log('INF', 'Starting metrics server on 127.0.0.1:20241/metrics');
  log('INF', `Registered tunnel connection connIndex=0 connection=${randomUUID()} event=0 ip=198.41.192.27 location=fra08 protocol=quic`);
}

function shutDownOnSignals() {
  const shutdown = (signal) => {
    log('INF', `Initiating graceful shutdown due to signal ${signal === 'SIGINT' ? 'interrupt' : 'terminated'} ...`);
    log('INF', 'Unregistered tunnel connection connIndex=0 event=0 ip=198.41.192.27');
    log('INF', 'Tunnel server stopped');
    setTimeout(() => process.exit(0), 50);
  };
  process.on('SIGINT', shutdown).on('SIGTERM', shutdown);
}

/** @param {'up' | 'stubborn' | 'exits-early' | 'request-fails' | 'no-url'} behaviour */
export function run(behaviour) {
  announce();
  switch (behaviour) {
    // Signal handlers go in before the banner: a test may stop the tunnel as
    // soon as it sees the URL.
    case 'up':
      shutDownOnSignals();
      banner();
      keepAlive();
      break;
    case 'stubborn':
      // Ignores polite requests to stop: only SIGKILL ends it.
      process.on('SIGINT', () => log('INF', 'ignoring SIGINT')).on('SIGTERM', () => log('INF', 'ignoring SIGTERM'));
      banner();
      keepAlive();
      break;
    case 'exits-early':
      process.exit(2);
      break;
    case 'request-fails':
      // What a machine without a route to Cloudflare gets (cloudflared issue #555).
      process.stderr.write(
        'failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: lookup api.trycloudflare.com on 127.0.0.53:53: no such host\n',
      );
      process.exit(1);
      break;
    case 'no-url':
      shutDownOnSignals();
      log('WRN', 'Failed to dial a quic connection error="failed to dial to edge with quic: timeout: no recent network activity" connIndex=0 event=0 ip=198.41.192.27');
      keepAlive();
      break;
  }
}
