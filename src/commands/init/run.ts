import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { dotEnvFileName } from '../../config/dotenv.js';
import { parseConfigText } from '../../config/load.js';
import { configFileName } from '../../config/locate.js';
import type { ProjectConfig } from '../../config/schema.js';
import type { Platform } from '../../events/platforms.js';
import type { Io } from '../../io/context.js';
import { CliError, UsageError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { answersWithoutAsking, askAnswers, defaultPort, platformsUseSecret, type InitAnswers, type Prompter } from './answers.js';
import {
  configFromAnswers,
  ensureGitignored,
  hasDotEnvVariable,
  newWebhookSecret,
  readableByOthers,
  readTextIfExists,
  secretEnvVar,
  writeConfigFile,
  writeSecret,
} from './files.js';
import { nextSteps } from './next-steps.js';

export interface InitOptions {
  yes?: boolean;
  dir?: string;
  port?: number;
  forwardTo?: string;
  platform?: Platform[];
  /** true: generate one, false: do not, undefined: ask, or decide from the platforms. */
  secret?: boolean;
  force?: boolean;
}

export interface InitDeps {
  /** Defaults to @inquirer/prompts on the terminal. */
  prompter?: Prompter;
}

async function terminalPrompter(): Promise<Prompter> {
  const { checkbox, number, input, confirm } = await import('@inquirer/prompts');
  return { checkbox, number, input, confirm };
}

interface InitPaths {
  dir: string;
  config: string;
  env: string;
  gitignore: string;
}

/** Everything decided before anything is written, so a cancelled question leaves no half-done project. */
interface InitPlan {
  previous: { exists: boolean; config?: ProjectConfig };
  answers: InitAnswers;
  envText: string | undefined;
  writeNewSecret: boolean;
}

export async function runInit(io: Io, options: InitOptions, deps: InitDeps = {}): Promise<ExitCode> {
  if (!options.yes && !io.interactive) {
    throw new UsageError(
      'init asks a few questions and there is no terminal to ask them in',
      'rerun with --yes and flags, e.g. voicehub-hooks init --yes --port 4000 --forward-to http://localhost:3000/webhooks',
    );
  }
  const dir = resolve(io.cwd, options.dir ?? '.');
  await requireDirectory(dir);
  const paths = { dir, config: join(dir, configFileName), env: join(dir, dotEnvFileName), gitignore: join(dir, '.gitignore') };
  // Paths inside the working directory read best relative to it; others in full.
  const show = (path: string) => {
    const inside = relative(io.cwd, path);
    return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
  };
  const ask = options.yes ? undefined : (deps.prompter ?? (await terminalPrompter()));
  const plan = await cancellable(() => planInit(paths, options, ask, show));
  if (plan === undefined) {
    io.stdout.write(`Kept ${show(paths.config)}; nothing was written.\n`);
    return ExitCode.ok;
  }
  await carryOut(io, paths, plan, show);
  return ExitCode.ok;
}

/** Undefined when the user chose to keep the existing config. */
async function planInit(paths: InitPaths, options: InitOptions, ask: Prompter | undefined, show: (path: string) => string): Promise<InitPlan | undefined> {
  const previous = await previousConfig(paths.config);
  if (previous.exists && !options.force) {
    const hint = 'settings init does not ask about are kept';
    if (!ask) throw new CliError(`${show(paths.config)} already exists`, `rerun with --force to overwrite it (${hint}), or edit it by hand`);
    if (!(await ask.confirm({ message: `${show(paths.config)} already exists. Overwrite it? (${hint})`, default: false }))) return undefined;
  }
  const preset = { platforms: options.platform, port: options.port, forwardTo: options.forwardTo, generateSecret: options.secret };
  const defaults = { port: previous.config?.port ?? defaultPort, forwardTo: previous.config?.forwardTo };
  const answers = ask ? await askAnswers(ask, preset, defaults) : answersWithoutAsking(preset, defaults);
  const envText = await readTextIfExists(paths.env);
  const writeNewSecret = answers.generateSecret && (await secretMayBeWritten(envText, ask, options.force === true));
  return { previous, answers, envText, writeNewSecret };
}

async function carryOut(io: Io, paths: InitPaths, { previous, answers, envText, writeNewSecret }: InitPlan, show: (path: string) => string): Promise<void> {
  const { out } = io;
  const done = (text: string) => io.stdout.write(`${out.green('✔')} ${text}\n`);
  const note = (text: string) => io.stdout.write(`${out.yellow('!')} ${text}\n`);

  await writeConfigFile(paths.config, configFromAnswers(answers, previous.config), previous.exists);
  done(`Wrote ${show(paths.config)} (port ${answers.port}${answers.forwardTo ? `, forwarding to ${answers.forwardTo}` : ''})`);

  if (writeNewSecret) {
    const how = await writeSecret(paths.env, envText, newWebhookSecret());
    if (how === 'created') done(`Wrote ${show(paths.env)} with a new ${secretEnvVar} (readable only by you)`);
    else done(`${how === 'added' ? 'Added' : 'Replaced'} ${secretEnvVar} in ${show(paths.env)}`);
    if (how !== 'created' && (await readableByOthers(paths.env))) note(`${show(paths.env)} is readable by other users: chmod 600 ${show(paths.env)}`);
  } else if (answers.generateSecret) {
    note(`Kept the ${secretEnvVar} already in ${show(paths.env)} (--force replaces it)`);
  }

  if (writeNewSecret || envText !== undefined) {
    const gitignored = await ensureGitignored(paths.gitignore, dotEnvFileName);
    if (gitignored === 'added') done(`Added ${dotEnvFileName} to ${show(paths.gitignore)}`);
    if (gitignored === 'no-gitignore') note(`No .gitignore in ${show(paths.dir)}: keep ${dotEnvFileName} out of version control`);
  }

  const hasSecret = writeNewSecret || (envText !== undefined && hasDotEnvVariable(envText, secretEnvVar));
  const secretMatters = writeNewSecret || platformsUseSecret(answers.platforms);
  io.stdout.write(nextSteps({ ...answers, secretLocation: hasSecret && secretMatters ? `${secretEnvVar} in ${show(paths.env)}` : undefined }, out));
}

async function requireDirectory(dir: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (!found?.isDirectory()) throw new UsageError(`${dir} is not a folder`, 'create it first, or pass another --dir');
}

/** Whether a config file is there and, when it is valid, what it holds: its values become the defaults. */
async function previousConfig(path: string): Promise<{ exists: boolean; config?: ProjectConfig }> {
  const text = await readTextIfExists(path);
  if (text === undefined) return { exists: false };
  try {
    return { exists: true, config: parseConfigText(path, text).config };
  } catch {
    return { exists: true };
  }
}

/**
 * A new .env, or one without the variable, may receive it (after asking, in
 * a terminal). Replacing a secret breaks the platforms already configured
 * with it, so that takes --force or an explicit yes.
 */
async function secretMayBeWritten(envText: string | undefined, ask: Prompter | undefined, force: boolean): Promise<boolean> {
  if (envText === undefined) return true;
  if (hasDotEnvVariable(envText, secretEnvVar)) {
    if (force) return true;
    return ask
      ? ask.confirm({ message: `.env already has a ${secretEnvVar}. Replace it? (platforms set up with the old one would be rejected)`, default: false })
      : false;
  }
  return ask ? ask.confirm({ message: `Add ${secretEnvVar} to your existing .env?`, default: true }) : true;
}

/** Ctrl-C at a question ends init with nothing written, not with a stack trace. */
async function cancellable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CliError('init cancelled; nothing was written');
    throw error;
  }
}
