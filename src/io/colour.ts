import { Chalk, type ChalkInstance } from 'chalk';

export type ColourLevel = 0 | 1 | 2 | 3;

/**
 * Decided here, once, from the environment and the stream, instead of by
 * chalk's own global detection, so tests and `--json` can pin it.
 * NO_COLOR (https://no-color.org) wins over FORCE_COLOR, which wins over TTY detection.
 */
export function colourLevel(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): ColourLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === '0' || forced === 'false') return 0;
    if (forced === '2') return 2;
    if (forced === '3') return 3;
    return 1;
  }
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}

export function palette(level: ColourLevel): ChalkInstance {
  return new Chalk({ level });
}
