import type { DeliveryRequest } from '../delivery/deliver.js';
import { platformHeaders } from '../delivery/headers.js';
import { detectEvent, isRecord } from '../events/detect.js';
import { userAgent } from '../io/user-agent.js';
import { profileFor, type DetectedPlatform } from './profile.js';
import { applyAssignments, type Assignment } from './set-path.js';
import type { LoadedPayload } from './sources.js';

/** A payload ready to be sent any number of times, each time with its own ids unless they are kept. */
export interface Template {
  label: string;
  platform: DetectedPlatform;
  /** `CallStatusChanged`, `HANG_UP`, `PostCall`, or `unknown`. */
  eventType: string;
  body: unknown;
  /** Top-level fields refreshed on every delivery (the platform's event id and timestamp), minus those set by --set. */
  refreshed: { eventId?: string; timestamp?: string };
  /** Schema drift in the payload as it will be sent: shown, never fatal. */
  warnings: string[];
}

/** One request as it goes on the wire, with what the output needs to describe it. */
export interface PreparedDelivery {
  label: string;
  platform: DetectedPlatform;
  eventType: string;
  eventId?: string;
  request: DeliveryRequest;
}

export interface PrepareContext {
  url: string;
  secret?: string;
  keepIds: boolean;
  now: () => Date;
  newId: () => string;
}

/** Applies --set once, so every delivery of the template shares the work. */
export function makeTemplate(payload: LoadedPayload, assignments: readonly Assignment[]): Template {
  const original = detectEvent(payload.body);
  const { platform } = original;
  const body = applyAssignments(payload.body, assignments);
  const detection = assignments.length > 0 ? detectEvent(body) : original;
  const profile = profileFor(platform);
  const setByUser = new Set(assignments.filter((a) => a.path.length === 1).map((a) => a.path[0]));
  const refreshable = (field: string | undefined) =>
    field !== undefined && isRecord(body) && Object.hasOwn(body, field) && !setByUser.has(field) ? field : undefined;
  return {
    label: payload.label,
    platform,
    eventType: detection.eventType,
    body,
    refreshed: { eventId: refreshable(profile.eventIdField), timestamp: refreshable(profile.timestampField) },
    warnings: detection.warnings,
  };
}

function textField(body: unknown, field: string | undefined): string | undefined {
  if (field === undefined || !isRecord(body)) return undefined;
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The request for one delivery. A fresh event id and timestamp go into the
 * body fields the platform uses and into the headers; retries of this
 * delivery reuse the result as is, so they carry the same id.
 */
export function prepareDelivery(template: Template, context: PrepareContext): PreparedDelivery {
  const fresh = context.keepIds ? undefined : { eventId: context.newId(), timestamp: context.now().toISOString() };
  let body = template.body;
  if (fresh && isRecord(body)) {
    const { eventId, timestamp } = template.refreshed;
    body = {
      ...body,
      ...(eventId ? { [eventId]: fresh.eventId } : {}),
      ...(timestamp ? { [timestamp]: fresh.timestamp } : {}),
    };
  }
  const profile = profileFor(template.platform);
  // The platform always sends X-Event-ID and X-Timestamp, even for a payload without those fields.
  const eventId = textField(body, profile.eventIdField) ?? fresh?.eventId;
  const timestamp = textField(body, profile.timestampField) ?? fresh?.timestamp;
  const headers = platformHeaders({
    platform: template.platform,
    eventType: textField(body, 'eventType'),
    eventId,
    timestamp,
    secret: context.secret,
  });
  // Added in place: spreading into a new literal gave every delivery's headers a hidden class of their own in V8.
  headers['user-agent'] = userAgent;
  return {
    label: template.label,
    platform: template.platform,
    eventType: template.eventType,
    ...(profile.voiceHubHeaders && eventId ? { eventId } : {}),
    request: { url: context.url, headers, body: JSON.stringify(body) },
  };
}

/** Voxia and post-call deliveries carry no secret: saying so beats silently dropping --secret. */
export function secretNote(platform: DetectedPlatform, secret: string | undefined): string | undefined {
  if (!secret || profileFor(platform).voiceHubHeaders) return undefined;
  return `${profileFor(platform).title} webhooks carry no secret header; --secret is not sent with them`;
}
