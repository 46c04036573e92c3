import { describeEventResult, type EventResult } from '../api/announced-result.js';
import type { StandInApi } from '../api/standin.js';
import { parseBaseUrl } from '../api/target.js';
import type { DeliveryOutcome } from '../replay/sequence.js';
import type { DemoStep } from './script.js';

/**
 * What kept the demo from showing everything, one phrase each: deliveries
 * that did not end in a 2xx (or were never sent), and announced results the
 * stand-in was never asked for. The fetch itself reports its failure under
 * its event; this turns it into the exit code.
 */
export function demoProblems(steps: readonly DemoStep[], outcomes: readonly DeliveryOutcome[], api: Pick<StandInApi, 'baseUrl' | 'requests'>): string[] {
  const planned = steps.reduce((sum, step) => sum + (step.twice ? 2 : 1), 0);
  const undelivered = planned - outcomes.filter((outcome) => outcome.result.ok).length;
  const baseUrl = parseBaseUrl(api.baseUrl);
  const announced = steps.map((step) => describeEventResult(step.payload.body, baseUrl)).filter((result): result is EventResult => result !== undefined);
  const unfetched = announced.filter((result) => !api.requests.some((request) => request.path === new URL(result.url).pathname));
  return [
    ...(undelivered > 0 ? [`${undelivered} of ${planned} deliveries failed`] : []),
    ...unfetched.map((result) => `the ${result.kind} at ${result.url} was not fetched`),
  ];
}
