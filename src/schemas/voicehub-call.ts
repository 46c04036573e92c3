import { z } from 'zod';
import { isoTimestamp, open } from './common.js';

/** The ten call statuses listed in the Call webhook document. */
export const callStatuses = [
  'queued',
  'scheduled',
  'started',
  'in-progress',
  'completed',
  'failed',
  'cancelled',
  'unanswered',
  'busy',
  'voicemail',
] as const;
export const CallStatus = z.enum(callStatuses);

const callEventBase = {
  timestamp: isoTimestamp,
  eventId: z.string().min(1),
  callId: z.string().min(1),
};

export const CallStatusChanged = open({
  eventType: z.literal('CallStatusChanged'),
  ...callEventBase,
  status: CallStatus,
});

export const RecordingsAvailable = open({
  eventType: z.literal('RecordingsAvailable'),
  ...callEventBase,
});

export const AnalysisResultReady = open({
  eventType: z.literal('AnalysisResultReady'),
  ...callEventBase,
  analysisId: z.string().min(1),
  analysisResultUrl: z.url(),
});

export type CallStatusChanged = z.infer<typeof CallStatusChanged>;
export type RecordingsAvailable = z.infer<typeof RecordingsAvailable>;
export type AnalysisResultReady = z.infer<typeof AnalysisResultReady>;
