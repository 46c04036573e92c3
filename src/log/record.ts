import { z } from 'zod';

/**
 * One line of the `listen` log (JSONL). Written before the delivery is
 * answered; read back by `replay --from-log`. Secrets are redacted in
 * `headers` and re-applied from the current options on replay.
 */
export const LogRecord = z.looseObject({
  v: z.literal(1),
  receivedAt: z.string(),
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  /** The raw body: UTF-8 text, or base64 when it was not valid UTF-8. */
  body: z.string(),
  bodyEncoding: z.enum(['utf8', 'base64']),
  /** The status the receiver answered. */
  status: z.number().int(),
  /** Why it answered so: `accepted`, `unauthorized: secret missing`, `malformed JSON`, `duplicate (attempt 2)`… */
  verdict: z.string(),
  platform: z.string().optional(),
  eventType: z.string().optional(),
  eventId: z.string().optional(),
});

export type LogRecord = z.infer<typeof LogRecord>;
