import type { Dispatcher } from 'undici';
import { deliver, sleep, type Attempt, type DeliveryResult } from '../delivery/deliver.js';
import type { RetryPolicy } from '../events/platforms.js';
import type { PlanItem } from './plan.js';
import type { PreparedDelivery } from './prepare.js';

export interface DeliveryOutcome {
  delivery: PreparedDelivery;
  policy: RetryPolicy;
  /** 2 for the --duplicate copy. */
  copy: number;
  result: DeliveryResult;
}

export interface SequenceOptions {
  gapMs: number;
  /** Send each delivery twice, same body and headers: an idempotency check. */
  duplicate: boolean;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
}

export interface SequenceListener {
  onStart(delivery: PreparedDelivery, policy: RetryPolicy, copy: number): void;
  onAttempt(attempt: Attempt, policy: RetryPolicy): void;
  onEnd(outcome: DeliveryOutcome): void;
}

/** Delivers the items one after another, each to the end of its retries, `gapMs` apart, as a platform sends a sequence. */
export async function runSequence(items: readonly PlanItem[], options: SequenceOptions, listener: SequenceListener): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  const copies = options.duplicate ? 2 : 1;
  for (const item of items) {
    const delivery = item.build();
    for (let copy = 1; copy <= copies; copy++) {
      if (outcomes.length > 0 && options.gapMs > 0) await sleep(options.gapMs, options.signal);
      if (options.signal?.aborted) return outcomes;
      listener.onStart(delivery, item.policy, copy);
      const result = await deliver(delivery.request, item.policy, {
        dispatcher: options.dispatcher,
        onAttempt: (attempt) => listener.onAttempt(attempt, item.policy),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const outcome = { delivery, policy: item.policy, copy, result };
      outcomes.push(outcome);
      listener.onEnd(outcome);
    }
  }
  return outcomes;
}
