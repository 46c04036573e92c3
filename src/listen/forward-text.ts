import type { ChalkInstance } from 'chalk';
import { answerLine, describeAttempt, formatDuration } from '../render/attempt.js';
import { printable } from '../render/printable.js';
import type { ForwardOutcome } from './forward.js';

// Apart from the forwarder itself so that printing, which every `listen` does,
// never loads undici: only `--forward-to` needs it.

function portOf(target: string): string {
  const url = new URL(target);
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** What a failing app answered, cut to one line, to show under the delivery. */
export function appAnswerNote(outcome: ForwardOutcome, c: ChalkInstance): string | undefined {
  const said = outcome.ok || outcome.status === undefined ? undefined : answerLine(outcome.responseSnippet, 200);
  return said === undefined ? undefined : c.dim(`your app said: ${said}`);
}

/** `forward → 200 in 12 ms`, or one line saying why the app did not take it, in the words replay uses. */
export function describeForward(outcome: ForwardOutcome, target: string, c: ChalkInstance): string {
  const arrow = c.dim('forward →');
  const took = c.dim(`in ${formatDuration(outcome.latencyMs)}`);
  if (outcome.ok) return `${arrow} ${c.green(String(outcome.status))} ${took}`;
  if (outcome.status !== undefined) {
    const where = outcome.location !== undefined ? ` to ${printable(outcome.location)} (redirects are not followed)` : '';
    return `${arrow} ${c.red(`${outcome.status}${where}`)} ${took}`;
  }
  // A forward that timed out took as long as the timeout.
  const why = outcome.cause === 'refused' ? `refused (is your app running on :${portOf(target)}?)` : describeAttempt(outcome, Math.round(outcome.latencyMs));
  return `${arrow} ${c.red(why)}`;
}
