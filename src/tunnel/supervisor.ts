/**
 * cloudflared must never outlive the tool, even when the tool dies in a way
 * it cannot react to (SIGKILL, OOM kill, a crash in native code). No portable
 * OS feature ties a child's life to its parent's, but a pipe does: when a
 * process dies, the kernel closes its end of every pipe. So cloudflared runs
 * under this tiny supervisor whose stdin is a pipe from the tool; end of file
 * on it (the tool closed it in stop(), or the tool is gone) means "stop
 * cloudflared": SIGTERM, then SIGKILL after a grace period.
 *
 * It also forwards SIGINT/SIGTERM/SIGHUP to cloudflared and exits with
 * cloudflared's exit code (128 + signal number when a signal ended it, as a
 * shell would; 127 when cloudflared could not be started at all).
 * cloudflared's stdout and stderr go straight to the supervisor's stderr,
 * which is the tool's pipe, so nothing is copied in between.
 *
 * The only way left to orphan cloudflared is SIGKILL to the supervisor itself.
 *
 * It runs as `node -e <source>` so it ships inside the bundle with no second
 * build entry or file to locate at run time. It is plain CommonJS (the -e
 * default) that loads nothing but node:child_process and node:os.
 * argv: -- <grace ms> <command> [args...]
 */
const SUPERVISOR_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const [graceMs, command, ...args] = process.argv.slice(1);
process.stderr.on('error', () => {});
const child = spawn(command, args, { stdio: ['ignore', 2, 2] });
let killer;
const stopChild = (signal) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  killer = killer || setTimeout(() => child.kill('SIGKILL'), Number(graceMs));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopChild(signal));
process.stdin.on('end', () => stopChild('SIGTERM')).on('error', () => stopChild('SIGTERM')).resume();
child.on('error', (error) => {
  process.stderr.write('cannot start ' + command + ': ' + error.message + '\\n');
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(signal ? 128 + (constants.signals[signal] || 0) : code));
`;

/** Arguments for `process.execPath` that run `command args` under the supervisor. */
export function supervisedArgs(command: string, args: readonly string[], graceMs: number): string[] {
  return ['-e', SUPERVISOR_SOURCE, '--', String(graceMs), command, ...args];
}
