import { z } from 'zod';
import { maxTimerMs, millisecondsTooLong } from '../commands/parsers.js';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  // Requests never carry them, so they would silently not be sent (the message must not repeat them).
  .refine((text) => !/^[a-z]+:\/\/[^/?#]*@/i.test(text), { error: 'must not contain a user name or password (they would not be sent)' });
const portError = 'expected a whole number from 0 to 65535';
const port = z.int({ error: portError }).min(0, { error: portError }).max(65535, { error: portError });
const milliseconds = z.int({ error: 'expected a whole number of milliseconds' }).max(maxTimerMs, { error: millisecondsTooLong });
const secret = z.string().min(1);

/**
 * `voicehub-hooks.config.json`. Top-level keys are option names and apply to
 * every command that has that option; `replay` holds replay's own defaults.
 * Types are strict (a port is a JSON number, not a string); the values then
 * go through the same parsers as the flags they stand for.
 */
export const projectConfigSchema = z.strictObject({
  host: z.string().min(1),
  port,
  path: z.string().startsWith('/', { error: 'expected a URL path starting with /' }),
  forwardTo: httpUrl,
  log: z.union([z.string().min(1), z.literal(false)], { error: 'expected a file path, or false for no log' }),
  maxBody: z.union([z.int().positive(), z.string().regex(/^\d+\s*(b|k|kb|kib|m|mb|mib)?$/i)], {
    error: 'expected a number of bytes, or a size such as "512k" or "2m"',
  }),
  tunnel: z.boolean(),
  baseUrl: httpUrl,
  secret,
  apiKey: secret,
  replay: z
    .strictObject({
      to: httpUrl,
      retries: z.int({ error: 'expected a whole number of retries' }).min(0),
      retryDelay: milliseconds.min(0),
      timeout: milliseconds.positive(),
      secret,
    })
    .partial(),
}).partial();

export type ProjectConfig = z.infer<typeof projectConfigSchema>;

/**
 * Keys that hold credentials. The file is meant to be committed, so they are
 * honoured with a warning pointing at the variable that should hold them.
 */
export const secretKeys: Readonly<Record<string, string>> = {
  secret: 'VOICEHUB_WEBHOOK_SECRET',
  apiKey: 'VOICEHUB_API_KEY',
  'replay.secret': 'VOICEHUB_WEBHOOK_SECRET',
};

export const sharedConfigKeys = Object.keys(projectConfigSchema.shape).filter((key) => key !== 'replay');
export const replayConfigKeys = Object.keys(projectConfigSchema.shape.replay.unwrap().shape);
