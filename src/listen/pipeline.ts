import { IdleCounter } from '../io/idle-counter.js';
import type { Delivery } from '../receiver/delivery.js';
import type { ForwardOutcome } from './forward.js';

/** One delivery on its way through the listen steps; each step may add to it. */
export interface DeliveryReport {
  delivery: Delivery;
  /** The call's or job's status at its previous delivery. */
  previousStatus?: string;
  /** Set by the forward step. */
  forward?: ForwardOutcome;
  /** Readable lines printed under the event line. */
  notes: string[];
  /** Fields added to the delivery's `--json` object. */
  extra: Record<string, unknown>;
}

/** Forwarding, printing and whatever else `listen` does with a delivery once it is answered. */
export type DeliveryStep = (report: DeliveryReport) => Promise<void> | void;

export interface Pipeline {
  push(report: DeliveryReport): void;
  /** Deliveries whose steps have not all finished. */
  readonly pending: number;
  /** Resolves when every delivery pushed so far has been through every step. */
  drain(): Promise<void>;
}

/**
 * Runs the steps in order for each delivery, deliveries side by side, once
 * `ready` resolves (so nothing is printed before the banner). A step that
 * throws is reported and the next steps still run.
 */
export function createPipeline(steps: readonly DeliveryStep[], ready: Promise<void>, onError: (error: unknown) => void): Pipeline {
  const pending = new IdleCounter();
  const run = async (report: DeliveryReport) => {
    await ready;
    for (const step of steps) {
      try {
        // A step that is done at once (printing) is not awaited: under a burst,
        // the extra promises were garbage that outlived young collections.
        const working = step(report);
        if (working) await working;
      } catch (error) {
        onError(error);
      }
    }
  };
  return {
    push(report) {
      pending.start();
      void run(report).then(pending.finish, pending.finish);
    },
    get pending() {
      return pending.count;
    },
    drain() {
      return pending.idle();
    },
  };
}
