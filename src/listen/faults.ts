import type { Io } from '../io/context.js';
import { CliError } from '../io/errors.js';
import { errorCode } from '../io/fs-errors.js';
import { redactText } from '../io/redact.js';
import { displayPath } from './banner.js';

/** A bug met while handling one request: reported on stderr, the server keeps going. */
export function faultReporter(io: Io, secrets: readonly (string | undefined)[]): (error: unknown) => void {
  return (error) => {
    const message = redactText(error instanceof Error ? error.message : String(error), secrets);
    io.stderr.write(`${io.err.red('✖ internal error while handling a delivery:')} ${message} ${io.err.dim('(still listening)')}\n`);
    if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${redactText(error.stack, secrets)}\n`);
  };
}

/**
 * Says once, in red, when the log stops accepting writes (deliveries are then
 * answered 503 so the platform retries them), and once when it recovers. Fed
 * the outcome of every write to the log, and of nothing else: a request that
 * is not logged (404, 405) says nothing about the log.
 */
export function logHealthWatcher(io: Io, logPath: string): (problem: string | undefined) => void {
  let failing = false;
  const shown = displayPath(logPath, io.cwd);
  return (problem) => {
    if (problem !== undefined && !failing) {
      failing = true;
      io.stderr.write(`${io.err.red(`✖ cannot write the log ${shown} (${problem}):`)} deliveries are answered 503 until it is writable again\n`);
    } else if (problem === undefined && failing) {
      failing = false;
      io.stderr.write(`${io.err.green(`✔ the log ${shown} is writable again`)}\n`);
    }
  };
}

/** Why the receiver could not start listening, and what to do about it. */
export function explainListenError(error: unknown, host: string, port: number): CliError {
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return new CliError(`port ${port} is in use`, 'use --port 0 for a free port or stop the other process');
    case 'EACCES':
      return new CliError(`not allowed to listen on port ${port}`, 'ports below 1024 need extra rights; use --port 4000 or --port 0');
    case 'EADDRNOTAVAIL':
      return new CliError(`${host} is not an address of this machine`, 'use --host 127.0.0.1, or --host 0.0.0.0 for every interface');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError(`cannot resolve --host ${host}`, 'use an IP address such as 127.0.0.1');
    default:
      return new CliError(`cannot listen on ${host}:${port} (${error instanceof Error ? error.message : String(error)})`);
  }
}
