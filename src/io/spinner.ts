import type { Io } from './context.js';

export interface Spinner {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
  /** Shows it again after `stop()`, e.g. between lines printed on stdout. */
  restart(text: string): void;
}

const silent: Spinner = { update() {}, succeed() {}, fail() {}, stop() {}, restart() {} };

/**
 * An ora spinner on stderr when stderr is a terminal; nothing at all
 * otherwise, so pipes and CI logs carry no control codes. ora is loaded only
 * when a spinner is actually shown.
 */
export async function startSpinner(io: Io, text: string, options: { quiet?: boolean } = {}): Promise<Spinner> {
  // A terminal reporting 0 columns (a pty nobody sized) sends ora into an endless clear loop.
  const sizeless = 'columns' in io.stderr && io.stderr.columns === 0;
  if (options.quiet || !io.stderr.isTTY || io.env.CI || sizeless) return silent;
  const { default: ora, spinners } = await import('ora');
  // Coloured with our stderr palette, which follows NO_COLOR and FORCE_COLOR, rather than by ora's own detection.
  const frames = spinners.dots.frames.map((frame) => io.err.cyan(frame));
  const spinner = ora({ text, stream: io.stderr as NodeJS.WritableStream, spinner: { ...spinners.dots, frames }, color: false }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    succeed: (done) => void spinner.succeed(done),
    fail: (why) => void spinner.fail(why),
    stop: () => void spinner.stop(),
    restart: (next) => void spinner.start(next),
  };
}
