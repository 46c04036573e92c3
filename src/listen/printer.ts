import type { Io } from '../io/context.js';
import { renderDelivery } from '../render/event-line.js';
import { appAnswerNote, describeForward } from './forward-text.js';
import { deliveryJsonLine } from './json-output.js';
import type { DeliveryReport, DeliveryStep } from './pipeline.js';

export interface PrintMode {
  json: boolean;
  verbose: boolean;
  /** Only deliveries that went wrong. */
  quiet: boolean;
}

function wentWrong(report: DeliveryReport): boolean {
  const { status } = report.delivery;
  return status < 200 || status >= 300 || report.forward?.ok === false;
}

/** Prints each delivery as one readable line (or one NDJSON object), written in a single call so lines never mix. */
export function printStep(io: Io, mode: PrintMode, forwardTarget?: string): DeliveryStep {
  return (report) => {
    if (mode.json) {
      io.stdout.write(deliveryJsonLine(report));
      return;
    }
    if (mode.quiet && !wentWrong(report)) return;
    const { forward } = report;
    const trailer = forward !== undefined && forwardTarget !== undefined ? describeForward(forward, forwardTarget, io.out) : undefined;
    const block = renderDelivery(report.delivery, { previousStatus: report.previousStatus, trailer, verbose: mode.verbose }, io.out);
    const appSaid = forward !== undefined ? appAnswerNote(forward, io.out) : undefined;
    const notes = [...(appSaid !== undefined ? [appSaid] : []), ...report.notes].map((note) => (note === '' ? '\n' : `    ${note}\n`)).join('');
    io.stdout.write(block + notes);
  };
}
