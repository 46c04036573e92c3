import type { Io } from './context.js';

export interface Spinner {
  update(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

const silent: Spinner = { update() {}, succeed() {}, fail() {}, stop() {} };

/**
 * An ora spinner on stderr when stderr is a terminal; nothing at all
 * otherwise, so pipes and CI logs carry no control codes. ora is loaded only
 * when a spinner is actually shown.
 */
export async function startSpinner(io: Io, text: string, options: { quiet?: boolean } = {}): Promise<Spinner> {
  if (options.quiet || !io.stderr.isTTY || io.env.CI) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr as NodeJS.WritableStream, color: 'cyan' }).start();
  return {
    update: (next) => {
      spinner.text = next;
    },
    succeed: (done) => void spinner.succeed(done),
    fail: (why) => void spinner.fail(why),
    stop: () => void spinner.stop(),
  };
}
