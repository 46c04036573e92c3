import type { Attempt } from '../delivery/deliver.js';
import type { RetryPolicy } from '../events/platforms.js';
import type { Io } from '../io/context.js';
import { startSpinner } from '../io/spinner.js';
import { describeAttempt, formatAttempt, formatVerdict } from '../render/attempt.js';
import { printable } from '../render/printable.js';
import type { OutputMode } from './options.js';
import type { PreparedDelivery } from './prepare.js';
import type { DeliveryOutcome, SequenceListener } from './sequence.js';

const round = (ms: number) => Math.round(ms * 10) / 10;

function attemptJson(attempt: Attempt, policy: RetryPolicy) {
  return {
    attempt: attempt.attempt,
    ok: attempt.ok,
    outcome: describeAttempt(attempt, policy.timeoutMs),
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.cause ? { cause: attempt.cause } : {}),
    ...(attempt.detail ? { detail: attempt.detail } : {}),
    ...(attempt.location ? { location: attempt.location } : {}),
    latencyMs: round(attempt.latencyMs),
    ...(attempt.responseSnippet ? { response: attempt.responseSnippet } : {}),
  };
}

/** One delivery as one JSON object: what --json prints per line. */
function outcomeJson({ delivery, policy, copy, result }: DeliveryOutcome) {
  return {
    label: delivery.label,
    platform: delivery.platform,
    eventType: delivery.eventType,
    ...(delivery.eventId ? { eventId: delivery.eventId } : {}),
    url: delivery.request.url,
    copy,
    ok: result.ok,
    totalMs: round(result.totalMs),
    policy,
    attempts: result.attempts.map((attempt) => attemptJson(attempt, policy)),
  };
}

// A payload replayed from a log is what a stranger posted to `listen`: its names and ids are escaped.
function startLine(delivery: PreparedDelivery, copy: number, io: Io): string {
  const c = io.out;
  const kind = delivery.eventType !== delivery.label && !delivery.label.startsWith(delivery.eventType) ? ` ${c.dim(printable(delivery.eventType))}` : '';
  const id = delivery.eventId ? `  ${c.dim(`eventId ${printable(delivery.eventId)}`)}` : '';
  const duplicate = copy > 1 ? `  ${c.yellow('(duplicate, same eventId)')}` : '';
  return `${c.bold('→')} ${c.bold(printable(delivery.label))}${kind}${id}${duplicate}\n`;
}

/**
 * Prints a sequence as it happens. Human mode shows every attempt and a
 * verdict, with a spinner on stderr while an answer or a retry is awaited;
 * quiet mode only the verdicts; JSON mode one object per delivery.
 */
export async function sequenceReporter(io: Io, mode: OutputMode, signal?: AbortSignal): Promise<SequenceListener> {
  const write = (text: string) => io.stdout.write(text);
  if (mode === 'json') {
    return { onStart() {}, onAttempt() {}, onEnd: (outcome) => write(`${JSON.stringify(outcomeJson(outcome))}\n`) };
  }
  if (mode === 'quiet') {
    return {
      onStart() {},
      onAttempt() {},
      onEnd: ({ delivery, policy, result }) => {
        const [verdict, hint] = formatVerdict(result, policy, delivery.request.url, io.out);
        write(`${printable(delivery.label)}: ${verdict}\n${hint ? `${hint}\n` : ''}`);
      },
    };
  }
  const spinner = await startSpinner(io, '');
  spinner.stop();
  const host = (url: string) => URL.canParse(url) ? new URL(url).host : url;
  return {
    onStart: (delivery, _policy, copy) => {
      write(startLine(delivery, copy, io));
      spinner.restart(`waiting for ${host(delivery.request.url)}…`);
    },
    onAttempt: (attempt, policy) => {
      spinner.stop();
      // Ctrl-C aborts the attempt in flight: that is not the endpoint's doing.
      if (signal?.aborted && !attempt.ok && attempt.status === undefined) {
        write(`  ${io.out.dim(`attempt ${attempt.attempt}/${policy.retries + 1}`)}  ${io.out.yellow('interrupted')}\n`);
        return;
      }
      write(`${formatAttempt(attempt, policy, io.out)}\n`);
      if (!attempt.ok && attempt.attempt <= policy.retries) spinner.restart(`retrying in ${policy.retryDelayMs} ms…`);
    },
    onEnd: ({ delivery, policy, result }) => {
      spinner.stop();
      const verdict = signal?.aborted && !result.ok ? [io.out.yellow('✖ not delivered: interrupted')] : formatVerdict(result, policy, delivery.request.url, io.out);
      write(`${verdict.join('\n')}\n`);
    },
  };
}

/** The closing line of a sequence of more than one delivery. */
export function sequenceSummary(outcomes: readonly DeliveryOutcome[], planned: number, io: Io): string | undefined {
  const delivered = outcomes.filter((outcome) => outcome.result.ok).length;
  if (planned <= 1 && outcomes.length === planned) return undefined;
  const c = io.out;
  const line = `${delivered} of ${planned} deliveries succeeded${outcomes.length < planned ? `, ${planned - outcomes.length} not sent (interrupted)` : ''}`;
  return delivered === planned ? c.green(line) : c.red(line);
}
