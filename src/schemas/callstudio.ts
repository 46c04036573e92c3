import { z } from 'zod';
import { isoTimestamp, open } from './common.js';

export const jobStatuses = ['pending', 'completed', 'failed'] as const;
export const JobStatus = z.enum(jobStatuses);

const jobEventBase = {
  timestamp: isoTimestamp,
  eventId: z.string().min(1),
  jobId: z.string().min(1),
  /** The document calls it agentId but describes it as the workspace id. */
  agentId: z.string().min(1),
};

export const CallStudioJobStatusChanged = open({
  eventType: z.literal('CallStudioJobStatusChanged'),
  ...jobEventBase,
  status: JobStatus,
});

export const CallStudioJobAnalysisResultReady = open({
  eventType: z.literal('CallStudioJobAnalysisResultReady'),
  ...jobEventBase,
  analysisId: z.string().optional(),
  analysisResultUrl: z.url().optional(),
});

export const CallStudioJobTranscriptReady = open({
  eventType: z.literal('CallStudioJobTranscriptReady'),
  ...jobEventBase,
  transcriptUrl: z.url().optional(),
});

export type CallStudioJobStatusChanged = z.infer<typeof CallStudioJobStatusChanged>;
export type CallStudioJobAnalysisResultReady = z.infer<typeof CallStudioJobAnalysisResultReady>;
export type CallStudioJobTranscriptReady = z.infer<typeof CallStudioJobTranscriptReady>;
