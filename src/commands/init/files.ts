import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseDotEnv, setDotEnvVariable } from '../../config/dotenv.js';
import { projectConfigSchema, type ProjectConfig } from '../../config/schema.js';
import { CliError } from '../../io/errors.js';
import { errorCode, fsProblem } from '../../io/fs-errors.js';
import type { InitAnswers } from './answers.js';
import { gitignoreIgnores } from './gitignore.js';

export const secretEnvVar = 'VOICEHUB_WEBHOOK_SECRET';

/** 256 random bits, URL- and shell-safe, so it pastes anywhere unquoted. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * One filesystem step of init. A folder init cannot write to, or a folder
 * where a file should be, is the user's to fix: a CliError, not a crash.
 */
async function onDisk<T>(verb: 'read' | 'write', path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new CliError(`cannot ${verb} ${path}: ${fsProblem(error)}`, "choose another --dir or fix the folder's permissions");
  }
}

export async function readTextIfExists(path: string): Promise<string | undefined> {
  return onDisk('read', path, () =>
    readFile(path, 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }),
  );
}

export function hasDotEnvVariable(text: string, key: string): boolean {
  return parseDotEnv(text).entries.some((entry) => entry.key === key);
}

/**
 * The answers laid over what the file already held, so re-running `init`
 * keeps settings it does not ask about. The forward target serves both
 * `listen --forward-to` and `replay --to`: it is the same app.
 */
export function configFromAnswers(answers: InitAnswers, previous: ProjectConfig = {}): ProjectConfig {
  const { forwardTo: _previousTarget, replay = {}, ...kept } = previous;
  const { to: _previousReplayTarget, ...replayKept } = replay;
  const target = answers.forwardTo;
  const replaySection = target === undefined ? replayKept : { to: target, ...replayKept };
  // The same schema that will read it back: init never writes a file the tool would reject.
  return projectConfigSchema.parse({
    ...kept,
    port: answers.port,
    forwardTo: target,
    replay: Object.keys(replaySection).length > 0 ? replaySection : undefined,
  });
}

export async function writeConfigFile(path: string, config: ProjectConfig, overwrite: boolean): Promise<void> {
  await onDisk('write', path, () => writeFile(path, `${JSON.stringify(config, null, 2)}\n`, { flag: overwrite ? 'w' : 'wx' }));
}

export type SecretWrite = 'created' | 'added' | 'replaced';

/**
 * Writes the secret into .env: a new file readable by its owner only, or
 * the one variable set in an existing file, whose other lines are kept.
 */
export async function writeSecret(path: string, existing: string | undefined, secret: string): Promise<SecretWrite> {
  if (existing === undefined) {
    const text = `# voicehub-hooks: the webhook secret your platforms send as x-webhook-secret. Keep this file out of git.\n${secretEnvVar}=${secret}\n`;
    await onDisk('write', path, () => writeFile(path, text, { mode: 0o600, flag: 'wx' }));
    return 'created';
  }
  await onDisk('write', path, () => writeFile(path, setDotEnvVariable(existing, secretEnvVar, secret)));
  return hasDotEnvVariable(existing, secretEnvVar) ? 'replaced' : 'added';
}

/** True when group or others can read the file: worth a warning once it holds a secret. */
export async function readableByOthers(path: string): Promise<boolean> {
  return ((await onDisk('read', path, () => stat(path))).mode & 0o077) !== 0;
}

/** Adds `name` to an existing .gitignore that does not ignore it yet; a project without one is left alone. */
export async function ensureGitignored(gitignorePath: string, name: string): Promise<'added' | 'already' | 'no-gitignore'> {
  const text = await readTextIfExists(gitignorePath);
  if (text === undefined) return 'no-gitignore';
  if (gitignoreIgnores(text, name)) return 'already';
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await onDisk('write', gitignorePath, () => writeFile(gitignorePath, `${text}${separator}${name}\n`));
  return 'added';
}
