import { z } from 'zod';
import { open } from './common.js';

const optionalText = z.string().optional();

export const CallerDetails = open({
  name: optionalText,
  phoneNumber: optionalText,
  email: optionalText,
  scheduledTime: optionalText,
  address: optionalText,
  pincode: optionalText,
  city: optionalText,
  state: optionalText,
  country: optionalText,
  age: optionalText,
  gender: optionalText,
  occupation: optionalText,
  company: optionalText,
  preferredContactMethod: optionalText,
  bestTimeToCall: optionalText,
  language: optionalText,
});

export const PostCallAnalysis = open({
  summary: optionalText,
  mood: optionalText,
  score: z.number().min(0).max(100).optional(),
  callOutcome: optionalText,
  classification: optionalText,
  interestsAndNeeds: z.unknown().optional(),
  actionItems: z.unknown().optional(),
  sentiment: z.unknown().optional(),
});

/** One POST per completed call; sent with a 10 s timeout and never retried. */
export const PostCallWebhook = open({
  callId: z.string().min(1),
  recordingUri: z.string().optional(),
  transcriptUri: z.string().optional(),
  callerDetails: CallerDetails.optional(),
  callAnalysis: PostCallAnalysis.optional(),
});

export type PostCallWebhook = z.infer<typeof PostCallWebhook>;
