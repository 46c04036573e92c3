import type { LogRecord } from '../log/record.js';
import type { BodyContent, Delivery } from './delivery.js';

function recordBody(body: BodyContent): Pick<LogRecord, 'body' | 'bodyEncoding'> {
  switch (body.format) {
    case 'binary':
      return { body: body.base64, bodyEncoding: 'base64' };
    case 'unread':
      return { body: '', bodyEncoding: 'none' };
    default:
      return { body: body.text, bodyEncoding: 'utf8' };
  }
}

/**
 * The log line for a delivery. Headers arrive already redacted; the body is
 * kept exactly as received, so that `replay --from-log` sends the same bytes.
 */
export function toLogRecord(delivery: Delivery): LogRecord {
  const { body, detection } = delivery;
  return {
    v: 1,
    receivedAt: delivery.receivedAt.toISOString(),
    method: delivery.method,
    path: delivery.path,
    headers: delivery.headers,
    ...recordBody(body),
    status: delivery.status,
    verdict: delivery.verdictText,
    ...(detection.platform !== 'unknown' ? { platform: detection.platform } : {}),
    ...(detection.eventType !== 'unknown' ? { eventType: detection.eventType } : {}),
    ...(detection.eventId !== undefined ? { eventId: detection.eventId } : {}),
  };
}
