import type { ChalkInstance } from 'chalk';
import type { ForwardOutcome } from './forward.js';

// Apart from the forwarder itself so that printing, which every `listen` does,
// never loads undici: only `--forward-to` needs it.

function portOf(target: string): string {
  const url = new URL(target);
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

const ms = (latency: number) => `${Math.round(latency)} ms`;

/** What a failing app answered, cut to one line, to show under the delivery. */
export function appAnswerNote(outcome: ForwardOutcome, c: ChalkInstance): string | undefined {
  const text = outcome.responseSnippet?.replace(/\s+/g, ' ').trim();
  if (outcome.ok || outcome.status === undefined || !text) return undefined;
  return c.dim(`your app said: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`);
}

/** `forward → 200 in 12 ms`, or one line saying why the app did not take it. */
export function describeForward(outcome: ForwardOutcome, target: string, c: ChalkInstance): string {
  const arrow = c.dim('forward →');
  if (outcome.ok) return `${arrow} ${c.green(String(outcome.status))} ${c.dim(`in ${ms(outcome.latencyMs)}`)}`;
  if (outcome.status !== undefined) {
    const where = outcome.location !== undefined ? ` to ${outcome.location} (redirects are not followed)` : '';
    return `${arrow} ${c.red(`${outcome.status}${where}`)} ${c.dim(`in ${ms(outcome.latencyMs)}`)}`;
  }
  const host = new URL(target).hostname;
  const why =
    outcome.cause === 'refused' ? `refused (is your app running on :${portOf(target)}?)` :
    outcome.cause === 'timeout' ? `timed out after ${ms(outcome.latencyMs)}` :
    outcome.cause === 'dns' ? `host not found (${host})` :
    outcome.cause === 'reset' ? 'connection reset by your app' :
    outcome.cause === 'tls' ? `TLS error (${outcome.detail ?? 'unknown'})` :
    `failed (${outcome.detail ?? 'unknown error'})`;
  return `${arrow} ${c.red(why)}`;
}
