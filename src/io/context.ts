import type { ChalkInstance } from 'chalk';
import { colourLevel, palette } from './colour.js';

export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The process edges a command touches, passed in so tests can supply their own. */
export interface Io {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  /** Colours for stdout and for stderr: one may be a terminal and the other a pipe. */
  out: ChalkInstance;
  err: ChalkInstance;
  /** True when a person can answer a prompt. */
  interactive: boolean;
  cwd: string;
}

export function processIo(proc: NodeJS.Process = process): Io {
  const { env } = proc;
  return {
    stdout: proc.stdout,
    stderr: proc.stderr,
    env,
    out: palette(colourLevel(env, proc.stdout)),
    err: palette(colourLevel(env, proc.stderr)),
    // Looked up when a command asks: touching process.stdin sets up a stream,
    // a few ms of every start, and only the commands that prompt need it.
    get interactive() {
      return Boolean(proc.stdin.isTTY && proc.stdout.isTTY) && !env.CI;
    },
    cwd: proc.cwd(),
  };
}

/** The same edges with another environment, `interactive` still looked up only when asked. */
export function withEnv(io: Io, env: NodeJS.ProcessEnv): Io {
  return Object.defineProperties({} as Io, { ...Object.getOwnPropertyDescriptors(io), env: { value: env, enumerable: true } });
}
