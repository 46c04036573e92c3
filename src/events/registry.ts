import type { z } from 'zod';
import * as s from '../schemas/index.js';
import type { Platform } from './platforms.js';

export interface EventKind {
  platform: Platform;
  /** The `eventType` (VoiceHub), or a family name for platforms without one. */
  eventType: string;
  schema: z.ZodType;
  description: string;
}

export const eventKinds: readonly EventKind[] = [
  { platform: 'voicehub-call', eventType: 'CallStatusChanged', schema: s.CallStatusChanged, description: 'a call changed status' },
  { platform: 'voicehub-call', eventType: 'RecordingsAvailable', schema: s.RecordingsAvailable, description: 'call recordings are available' },
  { platform: 'voicehub-call', eventType: 'AnalysisResultReady', schema: s.AnalysisResultReady, description: 'the call analysis can be fetched' },
  { platform: 'callstudio', eventType: 'CallStudioJobStatusChanged', schema: s.CallStudioJobStatusChanged, description: 'a Call Studio job changed status' },
  { platform: 'callstudio', eventType: 'CallStudioJobAnalysisResultReady', schema: s.CallStudioJobAnalysisResultReady, description: 'the job analysis can be fetched' },
  { platform: 'callstudio', eventType: 'CallStudioJobTranscriptReady', schema: s.CallStudioJobTranscriptReady, description: 'the job transcript can be fetched' },
  { platform: 'voxia', eventType: 'VoxiaCampaignWebhook', schema: s.VoxiaCampaignWebhook, description: 'a Voxia campaign call event (webhookEvent)' },
  { platform: 'postcall', eventType: 'PostCall', schema: s.PostCallWebhook, description: 'a completed call (generic post-call webhook)' },
];

const byEventType = new Map(eventKinds.map((kind) => [kind.eventType, kind]));

export function findVoiceHubKind(eventType: string): EventKind | undefined {
  const kind = byEventType.get(eventType);
  return kind && (kind.platform === 'voicehub-call' || kind.platform === 'callstudio') ? kind : undefined;
}

export function kindOf(platform: 'voxia' | 'postcall'): EventKind {
  const kind = eventKinds.find((k) => k.platform === platform);
  if (!kind) throw new Error(`no event kind registered for ${platform}`);
  return kind;
}
