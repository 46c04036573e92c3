import { redactText } from '../io/redact.js';
import type { LogRecord } from '../log/record.js';
import type { BodyContent, Delivery } from './delivery.js';

function recordBody(body: BodyContent, secrets: readonly (string | undefined)[]): Pick<LogRecord, 'body' | 'bodyEncoding'> {
  switch (body.format) {
    case 'binary':
      return { body: body.base64, bodyEncoding: 'base64' };
    case 'unread':
      return { body: '', bodyEncoding: 'utf8' };
    default:
      return { body: redactText(body.text, secrets), bodyEncoding: 'utf8' };
  }
}

/**
 * The log line for a delivery. Headers arrive already redacted; the body is
 * scrubbed of the secrets too in case a sender echoed one into it.
 */
export function toLogRecord(delivery: Delivery, secrets: readonly (string | undefined)[]): LogRecord {
  const { body, detection } = delivery;
  return {
    v: 1,
    receivedAt: delivery.receivedAt.toISOString(),
    method: delivery.method,
    path: delivery.path,
    headers: delivery.headers,
    ...recordBody(body, secrets),
    status: delivery.status,
    verdict: delivery.verdictText,
    ...(detection.platform !== 'unknown' ? { platform: detection.platform } : {}),
    ...(detection.eventType !== 'unknown' ? { eventType: detection.eventType } : {}),
    ...(detection.eventId !== undefined ? { eventId: detection.eventId } : {}),
  };
}
