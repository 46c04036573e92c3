import type { Io } from '../io/context.js';
import { UsageError } from '../io/errors.js';
import type { ApiAccess } from './retrieve.js';
import { assertKeyMayGo, parseBaseUrl } from './target.js';

/** Asks a person for a secret without echoing it. */
export type AskSecret = (message: string) => Promise<string>;

const keyHint = 'pass --api-key <key> or set VOICEHUB_API_KEY (the agent API key from VoiceHub)';

function askWithInquirer(io: Io): AskSecret {
  return async (message) => {
    const { password } = await import('@inquirer/prompts');
    // On stderr, with the spinners: stdout carries results only, as everywhere else.
    return password(
      { message, mask: '*', validate: (value) => value.trim() !== '' || 'the key cannot be empty' },
      { output: io.stderr as NodeJS.WritableStream },
    );
  };
}

/**
 * The API key from --api-key / VOICEHUB_API_KEY; a person at a terminal is
 * asked for it (masked), a script gets a usage error telling it what to set.
 */
export async function resolveApiKey(io: Io, given: string | undefined, ask: AskSecret = askWithInquirer(io)): Promise<string> {
  const key = given?.trim();
  if (key) return key;
  if (!io.interactive) throw new UsageError('no API key: the VoiceHub API needs one', keyHint);
  try {
    const typed = (await ask('VoiceHub API key (sent as x-dq-api-key):')).trim();
    if (typed) return typed;
  } catch (error) {
    // Ctrl+C at the prompt: inquirer rejects with ExitPromptError.
    if (!(error instanceof Error && error.name === 'ExitPromptError')) throw error;
  }
  throw new UsageError('no API key given', keyHint);
}

/** The option values `fetch` and `listen --fetch-analysis` share (see commands/fetch/options.ts). */
export interface ApiOptionValues {
  apiKey?: string;
  baseUrl: string;
  allowHost?: string[];
}

/**
 * Turns the options into what the client needs, asking for the key if a
 * person can answer. A `target` known in advance is checked against the host
 * rules first: no point asking for a key that could not be sent there.
 */
export async function apiAccess(
  io: Io,
  options: ApiOptionValues,
  timeoutMs: number,
  extra: { target?: URL; ask?: AskSecret } = {},
): Promise<ApiAccess> {
  const policy = { baseUrl: parseBaseUrl(options.baseUrl), allowHosts: options.allowHost ?? [] };
  if (extra.target) assertKeyMayGo(extra.target, policy);
  const apiKey = await resolveApiKey(io, options.apiKey, extra.ask);
  return { ...policy, apiKey, timeoutMs };
}
