import type { Delivery } from '../receiver/delivery.js';
import type { DeliveryReport } from './pipeline.js';

function bodyFields(delivery: Delivery): { body: unknown; bodyEncoding: 'json' | 'utf8' | 'base64' | 'none' } {
  const { body } = delivery;
  switch (body.format) {
    case 'json':
      return { body: body.value, bodyEncoding: 'json' };
    case 'text':
      return { body: body.text, bodyEncoding: 'utf8' };
    case 'binary':
      return { body: body.base64, bodyEncoding: 'base64' };
    case 'unread':
      return { body: null, bodyEncoding: 'none' };
  }
}

/** The `--json` object for one delivery (`type: "delivery"`); secrets are already redacted from its headers. */
export function deliveryJson(report: DeliveryReport): Record<string, unknown> {
  const { delivery } = report;
  const { detection } = delivery;
  return {
    type: 'delivery',
    receivedAt: delivery.receivedAt.toISOString(),
    method: delivery.method,
    path: delivery.path,
    status: delivery.status,
    verdict: delivery.verdictText,
    platform: detection.platform,
    eventType: detection.eventType,
    known: detection.known,
    eventId: detection.eventId ?? null,
    callId: detection.callId ?? null,
    jobId: detection.jobId ?? null,
    eventStatus: detection.status ?? null,
    previousStatus: report.previousStatus ?? null,
    attempt: delivery.attempt,
    duplicateAttempt: delivery.attempt > 1 ? delivery.attempt : null,
    warnings: detection.warnings,
    forward: report.forward ?? null,
    logError: delivery.logError ?? null,
    headers: delivery.headers,
    ...bodyFields(delivery),
    ...report.extra,
  };
}

/** One NDJSON line. A body nested too deeply to serialise is given as its raw text instead. */
export function deliveryJsonLine(report: DeliveryReport): string {
  const object = deliveryJson(report);
  try {
    return `${JSON.stringify(object)}\n`;
  } catch {
    const text = report.delivery.body.format === 'json' ? report.delivery.body.text : null;
    return `${JSON.stringify({ ...object, body: text, bodyEncoding: 'utf8' })}\n`;
  }
}
