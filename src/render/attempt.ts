import type { ChalkInstance } from 'chalk';
import type { Attempt, DeliveryResult } from '../delivery/deliver.js';
import type { RetryPolicy } from '../events/platforms.js';
import { printable } from './printable.js';

/** The status or the failure cause of one attempt, in the words the README and tests use. */
export function describeAttempt(attempt: Pick<Attempt, 'status' | 'cause' | 'detail' | 'location'>, timeoutMs: number): string {
  if (attempt.status !== undefined) {
    const redirect = attempt.status >= 300 && attempt.status < 400 && attempt.location;
    return redirect ? `redirect to ${printable(redirect)} (not followed)` : `HTTP ${attempt.status}`;
  }
  switch (attempt.cause) {
    case 'refused':
      return 'refused';
    case 'timeout':
      return `timeout after ${timeoutMs} ms`;
    case 'dns':
      return 'DNS lookup failed';
    case 'tls':
      return `TLS error (${printable(attempt.detail ?? 'handshake failed')})`;
    case 'reset':
      return 'connection reset';
    default:
      return `network error (${printable(attempt.detail ?? 'unknown')})`;
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A wait or a limit in seconds: `30 s`, `2.5 s`. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/**
 * What an endpoint said, on one line of at most `max` characters, when it
 * said something: an HTML error page's first line alone would only be its doctype.
 * Escaped before it is cut, so the line stays within `max` whatever it held.
 */
export function answerLine(responseSnippet: string | undefined, max: number): string | undefined {
  const flat = responseSnippet?.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const text = printable(flat);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatAttempt(attempt: Attempt, policy: RetryPolicy, c: ChalkInstance): string {
  const counter = `attempt ${attempt.attempt}/${policy.retries + 1}`;
  const outcome = describeAttempt(attempt, policy.timeoutMs);
  const said = attempt.ok ? undefined : answerLine(attempt.responseSnippet, 60);
  const parts = [
    `  ${c.dim(counter)}`,
    attempt.ok ? c.green(outcome) : c.red(outcome),
    c.dim(formatDuration(attempt.latencyMs)),
    ...(said ? [c.dim(`· "${said}"`)] : []),
  ];
  return parts.join('  ');
}

/** The next step for the way the last attempt failed. */
export function failureHint(attempt: Attempt, policy: RetryPolicy, target: string): string {
  const status = attempt.status;
  if (status !== undefined) {
    if (status >= 300 && status < 400) return 'webhooks are not redirected: point --to at the final URL';
    if (status === 401 || status === 403) return 'your endpoint refused the request: check the secret (--secret or VOICEHUB_WEBHOOK_SECRET)';
    if (status === 404 || status === 405) return `check the path in --to (${target}) and that it accepts POST`;
    if (status < 500) return 'your endpoint rejected the payload: see what it logged';
    return 'your endpoint failed: see what it logged';
  }
  switch (attempt.cause) {
    case 'refused':
      return `nothing is listening at ${target}: start your server, or check --to`;
    case 'timeout':
      return `answer 2xx within ${policy.timeoutMs} ms and do the work afterwards, or raise --timeout`;
    case 'dns':
      return `check the host name in --to (${target})`;
    case 'tls':
      return "check the endpoint's certificate: it must be valid for the host in --to";
    case 'reset':
      return 'your server closed the connection: see what it logged';
    default:
      return `check the connection to ${target}`;
  }
}

export function formatVerdict(result: DeliveryResult, policy: RetryPolicy, target: string, c: ChalkInstance): string[] {
  const last = result.attempts[result.attempts.length - 1];
  const took = formatDuration(result.totalMs);
  if (result.ok) {
    return [c.green(`✔ delivered on attempt ${result.attempts.length}/${policy.retries + 1} (${took})`)];
  }
  if (!last) return [c.red('✖ not delivered: no attempt was made')];
  const tries = result.attempts.length === 1 ? '1 attempt' : `${result.attempts.length} attempts`;
  return [
    c.red(`✖ not delivered after ${tries} (${took}): ${describeAttempt(last, policy.timeoutMs)}`),
    c.dim(`  ${failureHint(last, policy, target)}`),
  ];
}
