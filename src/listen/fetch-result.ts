import { fetchEventResult } from '../api/announced-result.js';
import { renderResult } from '../api/result.js';
import type { ApiAccess } from '../api/retrieve.js';
import type { Io } from '../io/context.js';
import { CliError } from '../io/errors.js';
import { eventKey } from '../receiver/attempts.js';
import { BoundedMap } from '../receiver/bounded-map.js';
import { viewWidth } from '../render/layout.js';
import { printable } from '../render/printable.js';
import type { DeliveryStep } from './pipeline.js';

/** Notes are printed four columns in, under the event line. */
const noteIndent = 4;

/** Events remembered as fetched, like the receiver's duplicate memory. */
const rememberedEvents = 10_000;

/**
 * `listen --fetch-analysis`: when an accepted event announces a result
 * (AnalysisResultReady, CallStudioJobAnalysisResultReady,
 * CallStudioJobTranscriptReady), fetch it through the same client as `fetch`
 * and show it under the event, or with `--json` put it on the event's line.
 * A failure is a note, never a stop.
 *
 * Each event is fetched once however often it arrives. Platforms resend an
 * event only after a refused answer (`--fail-first`, `--status`, a wrong
 * secret), so the accepted copy is often not the first attempt; a fetch that
 * failed is tried again with the next accepted copy.
 */
export function fetchResultStep(io: Io, access: ApiAccess, json: boolean): DeliveryStep {
  const view = { c: io.out, width: Math.max(40, viewWidth(io.stdout, io.env) - noteIndent) };
  const fetches = new BoundedMap<string, 'underway' | 'done' | 'failed'>(rememberedEvents);
  return async (report) => {
    const { delivery } = report;
    if (delivery.status < 200 || delivery.status >= 300 || delivery.body.format !== 'json') return;
    const key = eventKey(delivery.detection, delivery.rawBody);
    const earlier = fetches.get(key);
    if (earlier === 'underway' || earlier === 'done') return;
    fetches.set(key, 'underway');
    try {
      const fetched = await fetchEventResult(delivery.body.value, access);
      fetches.set(key, 'done');
      if (fetched === undefined) return;
      const { kind, url, checked } = fetched;
      if (json) report.extra.result = { ok: true, kind, url, data: checked.data ?? null, warnings: checked.warnings };
      else report.notes.push('', ...renderResult(checked, view).trimEnd().split('\n'), '');
    } catch (error) {
      fetches.set(key, 'failed');
      const message = error instanceof CliError ? error.message : String(error);
      const hint = error instanceof CliError ? error.hint : undefined;
      if (json) report.extra.result = { ok: false, error: message };
      // A bad URL in the payload is quoted in the message.
      else report.notes.push(io.out.red(`fetch failed: ${printable(message)}`), ...(hint ? [io.out.dim(printable(hint))] : []));
    }
  };
}
