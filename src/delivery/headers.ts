import { platformProfiles, type Platform } from '../events/platforms.js';

export interface HeaderInput {
  platform: Platform | 'unknown';
  eventType?: string;
  eventId?: string;
  timestamp?: string;
  secret?: string;
}

/** The request headers a platform sends with a webhook, per its document. */
export function platformHeaders(input: HeaderInput): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const voiceHubLike = input.platform === 'unknown' || platformProfiles[input.platform].voiceHubHeaders;
  if (!voiceHubLike) return headers;
  if (input.eventType) headers['x-event-type'] = input.eventType;
  if (input.eventId) headers['x-event-id'] = input.eventId;
  if (input.timestamp) headers['x-timestamp'] = input.timestamp;
  if (input.secret) headers['x-webhook-secret'] = input.secret;
  return headers;
}
