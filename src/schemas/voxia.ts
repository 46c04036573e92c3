import { z } from 'zod';
import { isoTimestamp, open } from './common.js';

/** `webhookEvent` values from the Voxia document; `POST_PROCESSING_FINISHED:<STATUS>` carries a status. */
export const voxiaWebhookEvents = [
  'DIALING',
  'CONNECTED',
  'FAILED',
  'COULD_NOT_CONNECT:BUSY',
  'COULD_NOT_CONNECT:NO_ANSWER',
  'FORWARDED',
  'HANG_UP',
  'POST_PROCESSING_FINISHED:VOICE_MAIL',
  'POST_PROCESSING_FINISHED:INTERESTED',
  'POST_PROCESSING_FINISHED:NOT_INTERESTED',
  'POST_PROCESSING_FINISHED:WRONG_NUMBER',
  'POST_PROCESSING_FINISHED:CALL_ME_LATER',
  'POST_PROCESSING_FINISHED:DO_NOT_CALL',
  'FORWARDED_CALL_FINISHED',
] as const;
export const VoxiaWebhookEvent = z.enum(voxiaWebhookEvents);

export const VoxiaCallStatus = z.enum([
  'NEW',
  'IN_PROGRESS',
  'FAILED',
  'COMPLETED',
  'NO_ANSWER',
  'BUSY',
  'VOICE_MAIL',
  'DO_NOT_CALL_REGISTRY_MATCHED',
]);

export const VoxiaPostProcessStatus = z.enum([
  'INTERESTED',
  'NOT_INTERESTED',
  'CALL_ME_LATER',
  'WRONG_NUMBER',
  'DO_NOT_CALL',
]);

const KeyQuestion = open({
  description: z.string().optional(),
  options: z.array(z.unknown()).optional(),
  order: z.number().optional(),
  type: z.string().optional(),
  value: z.unknown().optional(),
});

export const VoxiaCampaignWebhook = open({
  id: z.string().min(1),
  webhookEvent: VoxiaWebhookEvent,
  createdAt: isoTimestamp.optional(),
  callStatus: VoxiaCallStatus.optional(),
  /** Composite: a call progress status, a hang-up reason or a contact response. */
  status: z.string().optional(),
  // Null until post-processing has run (DIALING, CONNECTED, HANG_UP).
  postProcessStatus: VoxiaPostProcessStatus.nullish(),
  hangUpReason: z.string().nullish(),
  phoneFrom: z.string().optional(),
  duration: z.number().optional(),
  totalDuration: z.number().optional(),
  contactStatus: open({
    callMeLater: z.boolean().optional(),
    doNotCall: z.boolean().optional(),
    wrongNumber: z.boolean().optional(),
  }).optional(),
  conversationFlow: z.array(z.unknown()).optional(),
  summary: z.record(z.string(), KeyQuestion).optional(),
  campaign: open({ id: z.string(), name: z.string().optional() }).optional(),
  contact: open({
    id: z.string().optional(),
    name: z.string().optional(),
    phoneNumber: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }).optional(),
  twilio: open({ accountSid: z.string().optional(), callSessionId: z.string().optional() }).optional(),
  organizationId: z.string().optional(),
  transcript: z.array(open({ content: z.string(), role: z.string() })).optional(),
  interested: open({ description: z.string().optional(), reached: z.boolean().optional() }).optional(),
  events: z.array(open({ type: z.string(), data: z.record(z.string(), z.unknown()).optional() })).optional(),
  webhookUrl: z.string().optional(),
  webhookEvents: z.array(z.string()).optional(),
  webhookStatuses: z.array(z.string()).optional(),
  isTestCall: z.boolean().optional(),
  sessionId: z.string().optional(),
  slackUrl: z.string().nullish(),
});

export type VoxiaCampaignWebhook = z.infer<typeof VoxiaCampaignWebhook>;
