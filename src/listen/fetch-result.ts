import { fetchEventResult } from '../api/events.js';
import type { ApiAccess } from '../api/retrieve.js';
import type { Io } from '../io/context.js';
import { CliError } from '../io/errors.js';
import { viewWidth } from '../render/layout.js';
import type { DeliveryStep } from './pipeline.js';

/** Notes are printed four columns in, under the event line. */
const noteIndent = 4;

/**
 * `listen --fetch-analysis`: when an accepted event announces a result
 * (AnalysisResultReady, CallStudioJobAnalysisResultReady,
 * CallStudioJobTranscriptReady), fetch it through the same client as `fetch`
 * and show it under the event. A failure is a note, never a stop.
 */
export function fetchResultStep(io: Io, access: ApiAccess, json: boolean): DeliveryStep {
  const view = { c: io.out, width: Math.max(40, viewWidth(io.stdout, io.env) - noteIndent) };
  return async (report) => {
    const { delivery } = report;
    if (delivery.status >= 300 || delivery.body.format !== 'json') return;
    // A retried delivery announces the same result: fetch it once.
    if (delivery.attempt > 1) return;
    try {
      const rendered = await fetchEventResult(delivery.body.value, access, view);
      if (rendered === undefined) return;
      if (json) report.extra.result = { ok: true };
      else report.notes.push('', ...rendered.trimEnd().split('\n'), '');
    } catch (error) {
      const message = error instanceof CliError ? error.message : String(error);
      const hint = error instanceof CliError ? error.hint : undefined;
      if (json) report.extra.result = { ok: false, error: message };
      else report.notes.push(io.out.red(`fetch failed: ${message}`), ...(hint ? [io.out.dim(hint)] : []));
    }
  };
}
