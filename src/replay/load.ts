import { defaultMaxListeners, setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { deliver, type Attempt, type DeliveryResult } from '../delivery/deliver.js';
import type { PlanItem } from './plan.js';
import { summarizeLatencies, type LatencySummary } from './stats.js';

export interface LoadOptions {
  total: number;
  concurrency: number;
  /** One keep-alive pool shared by every worker, sized to the concurrency. */
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  onProgress?: (completed: number, total: number) => void;
}

export interface LoadResult {
  deliveries: number;
  completed: number;
  /** Requests on the wire, retries included: what the target should have counted. */
  sent: number;
  succeeded: number;
  /** Deliveries that needed more than one attempt. */
  retried: number;
  failed: number;
  /** Per request, not per delivery, so retries do not hide slow answers. */
  latencyMs: LatencySummary;
  durationMs: number;
  requestsPerSecond: number;
  /** `HTTP 200`, `HTTP 500`, `timeout`, `refused`… → how many requests ended so. */
  answers: Record<string, number>;
  interrupted: boolean;
}

function answerKey(attempt: Attempt): string {
  return attempt.status !== undefined ? `HTTP ${attempt.status}` : (attempt.cause ?? 'unknown');
}

class Tally {
  completed = 0;
  sent = 0;
  succeeded = 0;
  retried = 0;
  failed = 0;
  readonly latencies: number[] = [];
  readonly answers: Record<string, number> = {};

  add(result: DeliveryResult): void {
    this.completed++;
    if (result.ok) this.succeeded++;
    else this.failed++;
    if (result.attempts.length > 1) this.retried++;
    for (const attempt of result.attempts) {
      this.sent++;
      this.latencies.push(attempt.latencyMs);
      const key = answerKey(attempt);
      this.answers[key] = (this.answers[key] ?? 0) + 1;
    }
  }
}

/**
 * Sends `total` deliveries, cycling through the items, with `concurrency`
 * in flight. Each delivery keeps the platform's retry semantics, so the
 * result says what a real burst of events would do to the endpoint.
 */
export async function runLoad(items: readonly PlanItem[], options: LoadOptions): Promise<LoadResult> {
  const tally = new Tally();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const index = next++;
      const item = items[index % items.length];
      if (index >= options.total || !item) return;
      const delivery = item.build();
      const result = await deliver(delivery.request, item.policy, {
        dispatcher: options.dispatcher,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      tally.add(result);
      options.onProgress?.(tally.completed, options.total);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, options.total));
  // Every delivery in flight listens on the signal for Ctrl-C, so it has more
  // listeners than the 10 Node warns about, on purpose.
  if (options.signal) setMaxListeners(workers + defaultMaxListeners, options.signal);
  await Promise.all(Array.from({ length: workers }, worker));
  const durationMs = performance.now() - started;
  return {
    deliveries: options.total,
    completed: tally.completed,
    sent: tally.sent,
    succeeded: tally.succeeded,
    retried: tally.retried,
    failed: tally.failed,
    latencyMs: summarizeLatencies(tally.latencies),
    durationMs,
    requestsPerSecond: durationMs > 0 ? (tally.sent / durationMs) * 1000 : 0,
    answers: tally.answers,
    interrupted: tally.completed < options.total,
  };
}
