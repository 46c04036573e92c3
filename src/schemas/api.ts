import { z } from 'zod';
import { isoTimestamp, open } from './common.js';
import { JobStatus } from './callstudio.js';

export const Sentiment = open({
  score: z.number(),
  label: z.string(),
  positiveKeywords: z.array(z.string()).optional(),
  negativeKeywords: z.array(z.string()).optional(),
});

export const TranscriptAnalysisLine = open({
  text: z.string(),
  speaker: z.string(),
  sentiment: Sentiment.optional(),
  start: z.number(),
  end: z.number(),
  duration: z.number().optional(),
  wps: z.number().optional(),
});

export const SpeakerSummary = open({
  totalSpeechDuration: z.number(),
  totalSilenceDuration: z.number(),
  totalInterruptionDuration: z.number(),
  wps: z.number(),
  sentiment: Sentiment.optional(),
  keyPhrases: open({ positive: z.array(z.string()), negative: z.array(z.string()) }).optional(),
});

const analysisFields = {
  transcriptAnalysis: z.array(TranscriptAnalysisLine),
  summary: z.string(),
  userSummary: SpeakerSummary.optional(),
  assistantSummary: SpeakerSummary.optional(),
  totalSummary: SpeakerSummary.optional(),
  sentiment: Sentiment.optional(),
  duration: z.number(),
  recordingUrls: z.array(z.string()).optional(),
  mainTopics: z.array(z.string()).optional(),
  loyaltyIndicators: z.array(z.string()).optional(),
  extractedVariables: z.record(z.string(), z.unknown()).optional(),
  empathyScore: z.number().optional(),
  resolutionStatus: z.string().optional(),
  userInterruptionsCount: z.number().optional(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
};

/** What `analysisResultUrl` of an `AnalysisResultReady` call event returns. */
export const CallAnalysisResult = open({ callId: z.string(), ...analysisFields });

/** Call Studio jobs are uploaded recordings, so `callId` is null or absent. */
export const CallStudioAnalysisResult = open({ callId: z.string().nullish(), ...analysisFields });

export const TranscriptWord = open({ word: z.string(), start: z.number() });

export const TranscriptSegment = open({
  speaker: z.string(),
  transcription: z.string(),
  userName: z.string().nullish(),
  start: z.number(),
  end: z.number(),
  words: z.array(TranscriptWord).optional(),
});

/** `GET /api/v1/playground/<jobId>`: the Call Studio job with its diarised transcript. */
export const CallStudioTranscript = open({
  _id: z.string(),
  workspaceId: z.string(),
  title: z.string(),
  status: JobStatus,
  url: z.string().nullish(),
  file: z.string().nullish(),
  callId: z.string().nullish(),
  analysisId: z.string().nullish(),
  readyForAnalysis: z.boolean().nullish(),
  resolutionStatus: z.string().nullish(),
  sentiment: z.string().nullish(),
  durationInSeconds: z.number().nullish(),
  totalCreditsUsed: z.number(),
  usageBreakdown: z.array(z.unknown()),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  transcripts: z.array(TranscriptSegment).optional(),
  createdBy: z.string().nullish(),
});

export type Sentiment = z.infer<typeof Sentiment>;
export type SpeakerSummary = z.infer<typeof SpeakerSummary>;
export type CallAnalysisResult = z.infer<typeof CallAnalysisResult>;
export type CallStudioAnalysisResult = z.infer<typeof CallStudioAnalysisResult>;
export type AnalysisResult = CallAnalysisResult | CallStudioAnalysisResult;
export type CallStudioTranscript = z.infer<typeof CallStudioTranscript>;
export type TranscriptSegment = z.infer<typeof TranscriptSegment>;
