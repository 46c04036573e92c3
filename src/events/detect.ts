import type { z } from 'zod';
import type { Platform } from './platforms.js';
import { findVoiceHubKind, kindOf } from './registry.js';

export interface Detection {
  platform: Platform | 'unknown';
  /** `CallStatusChanged`, `HANG_UP`, `PostCall`…; for unrecognised payloads, what they claim or `unknown`. */
  eventType: string;
  known: boolean;
  eventId?: string;
  callId?: string;
  jobId?: string;
  status?: string;
  /** Schema drift, one readable line per problem. Never a reason to reject. */
  warnings: string[];
}

type HeaderBag = Record<string, string | string[] | undefined>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = headers[name];
  return text(Array.isArray(value) ? value[0] : value);
};

/** A JSON object: what every payload is, and what --set can walk into. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return `${where}: ${issue.message}`;
  });
}

function validate(schema: z.ZodType, body: unknown): string[] {
  const result = schema.safeParse(body);
  return result.success ? [] : describeIssues(result.error);
}

const postCallMarkers = ['recordingUri', 'transcriptUri', 'callerDetails', 'callAnalysis'];

/**
 * Works out which platform and event a delivery is. VoiceHub names the event
 * in `X-Event-Type` and `eventType`, Voxia in `webhookEvent`; the post-call
 * webhook has no event name, so its shape identifies it.
 */
export function detectEvent(body: unknown, headers: HeaderBag = {}): Detection {
  const headerType = header(headers, 'x-event-type');
  if (!isRecord(body)) {
    return { platform: 'unknown', eventType: headerType ?? 'unknown', known: false, warnings: ['body is not a JSON object'] };
  }
  const ids = {
    eventId: text(body.eventId) ?? header(headers, 'x-event-id'),
    callId: text(body.callId),
    jobId: text(body.jobId),
    status: text(body.status),
  };
  const bodyType = text(body.eventType);
  const claimed = bodyType ?? headerType;
  if (claimed !== undefined) {
    const kind = findVoiceHubKind(claimed);
    const warnings = kind ? validate(kind.schema, body) : [`unknown event type "${claimed}"`];
    if (bodyType && headerType && bodyType !== headerType) {
      warnings.push(`X-Event-Type header says "${headerType}" but the body says "${bodyType}"`);
    }
    return { platform: kind?.platform ?? 'unknown', eventType: claimed, known: kind !== undefined, ...ids, warnings };
  }
  const webhookEvent = text(body.webhookEvent);
  if (webhookEvent !== undefined) {
    return {
      platform: 'voxia',
      eventType: webhookEvent,
      known: true,
      callId: text(body.id),
      status: text(body.callStatus) ?? ids.status,
      warnings: validate(kindOf('voxia').schema, body),
    };
  }
  if (ids.callId !== undefined && postCallMarkers.some((key) => key in body)) {
    const analysis = isRecord(body.callAnalysis) ? body.callAnalysis : {};
    return {
      platform: 'postcall',
      eventType: 'PostCall',
      known: true,
      callId: ids.callId,
      status: text(analysis.callOutcome),
      warnings: validate(kindOf('postcall').schema, body),
    };
  }
  return { platform: 'unknown', eventType: 'unknown', known: false, ...ids, warnings: ['no eventType, webhookEvent or post-call fields'] };
}
