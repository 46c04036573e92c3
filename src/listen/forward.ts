import { randomUUID } from 'node:crypto';
import type { ChalkInstance } from 'chalk';
import { Agent } from 'undici';
import { deliver, type Attempt } from '../delivery/deliver.js';
import type { Delivery } from '../receiver/delivery.js';
import type { DeliveryStep } from './pipeline.js';

export type ForwardOutcome = Pick<Attempt, 'ok' | 'status' | 'latencyMs' | 'cause' | 'detail' | 'location' | 'responseSnippet'>;

export interface Forwarder {
  readonly target: string;
  /** This listener's own value in the forwarded-marks header. */
  readonly mark: string;
  forward(delivery: Delivery): Promise<ForwardOutcome>;
  /** Closes the kept-alive connections to the app. */
  close(): Promise<void>;
}

/** The platform's own request timeout; the app should answer within it too. */
const forwardTimeoutMs = 10_000;

/** Headers the user's app may rely on, passed on exactly as they arrived. */
const passedOn = ['content-type', 'x-event-type', 'x-event-id', 'x-timestamp'] as const;

/**
 * Every listener adds its own random mark to this header on what it forwards,
 * after the marks the delivery arrived with. A delivery that already carries
 * a listener's mark has come back round through its `--forward-to`: a name
 * that resolves to this machine, a proxy, or two listeners forwarding to each
 * other, none of which the start-up check can see.
 */
const forwardedMarksHeader = 'x-voicehub-hooks-forwarded';

function marksOn(delivery: Delivery): string[] {
  const value = delivery.headers[forwardedMarksHeader];
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.flatMap((text) => text.split(',')).map((mark) => mark.trim()).filter((mark) => mark !== '');
}

export function forwardHeaders(delivery: Delivery, userAgent: string, mark: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': userAgent, [forwardedMarksHeader]: [...marksOn(delivery), mark].join(', ') };
  for (const name of passedOn) {
    const value = delivery.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // The app checks the secret itself, so it gets the real value, not the redacted one.
  if (delivery.receivedSecret !== undefined) headers['x-webhook-secret'] = delivery.receivedSecret;
  return headers;
}

/** Receiver-side rejections are not passed on: the app would only see what the platform is told failed. */
export function shouldForward(delivery: Delivery): boolean {
  const { kind } = delivery.verdict;
  return kind === 'accepted' || kind === 'forced' || kind === 'fail-first';
}

/**
 * Passes deliveries on to the user's app with the delivery engine `replay`
 * uses, over kept-alive connections. One attempt each: the platform's own
 * retries (and `--fail-first`) already exercise the app's retry handling,
 * and a retrying forwarder would deliver events twice behind its back.
 */
export function createForwarder(target: string, userAgent: string): Forwarder {
  const dispatcher = new Agent({ keepAliveTimeout: 4_000 });
  const mark = randomUUID();
  return {
    target,
    mark,
    async forward(delivery) {
      const result = await deliver(
        { url: target, headers: forwardHeaders(delivery, userAgent, mark), body: delivery.rawBody },
        { retries: 0, retryDelayMs: 0, timeoutMs: forwardTimeoutMs },
        { dispatcher },
      );
      const [attempt] = result.attempts;
      if (!attempt) return { ok: false, latencyMs: result.totalMs, cause: 'network', detail: 'not attempted' };
      // The attempt number is always 1 here and would only confuse the --json output.
      const { attempt: _first, ...outcome } = attempt;
      return outcome;
    },
    close: () => dispatcher.close(),
  };
}

/**
 * Forwards what the receiver took and records how the app answered, for the
 * line and the summary. A delivery that came back through this listener's own
 * `--forward-to` is not sent round again; why, and what to do, is said once.
 */
export function forwardStep(forwarder: Forwarder, stats: { forwarded: number; forwardFailures: number }, c: ChalkInstance): DeliveryStep {
  let loopExplained = false;
  return async (report) => {
    if (!shouldForward(report.delivery)) return;
    if (marksOn(report.delivery).includes(forwarder.mark)) {
      report.extra.loopedBack = true;
      report.notes.push(c.yellow("not forwarded: it came from this listener's own --forward-to"));
      if (!loopExplained) report.notes.push(c.dim(`${forwarder.target} leads back to this listener; point --forward-to at your app`));
      loopExplained = true;
      return;
    }
    report.forward = await forwarder.forward(report.delivery);
    stats.forwarded++;
    if (!report.forward.ok) stats.forwardFailures++;
  };
}
