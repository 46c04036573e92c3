import { resolve } from 'node:path';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import type { Io } from '../io/context.js';
import { CliError } from '../io/errors.js';
import { ExitCode } from '../io/exit-codes.js';
import { loadConfigFile, secretsIn, type LoadedConfig } from './load.js';
import { replayConfigKeys, sharedConfigKeys } from './schema.js';

/**
 * `init` writes the project file, so a broken one must not stop it, and its
 * `--port` / `--forward-to` are answers to store, not settings to fill in.
 * `demo` runs on its own free ports with its own secret and key, so that it
 * works the same in any project, whatever its file says or however broken.
 */
const configFreeCommands = new Set(['init', 'demo']);

/** The command that ran and the commands it is nested in, whose options it also uses. */
function lineage(command: Command): Command[] {
  const chain: Command[] = [];
  for (let current: Command | null = command; current; current = current.parent) chain.push(current);
  return chain;
}

/** The file's `replay` section applies to `replay` only. */
const isReplay = (chain: Command[]) => chain.some((command) => command.name() === 'replay');

interface Setting {
  /** As written in the file, for error messages: `port`, `replay.retries`. */
  key: string;
  value: unknown;
}

function settingsFor({ config, dir }: LoadedConfig, chain: Command[]): Map<string, Setting> {
  const { replay, ...shared } = config;
  const settings = new Map<string, Setting>();
  for (const [name, value] of Object.entries(shared)) settings.set(name, { key: name, value });
  if (isReplay(chain)) for (const [name, value] of Object.entries(replay ?? {})) settings.set(name, { key: `replay.${name}`, value });
  const log = settings.get('log');
  if (log && typeof log.value === 'string') settings.set('log', { ...log, value: resolve(dir, log.value) });
  return settings;
}

/**
 * What the option would hold had the value been typed as a flag: commander
 * applies an option's parser to flags and environment variables but not to
 * values set afterwards, so the file's values go through it here. A boolean
 * stands for the flag itself (`tunnel: false` is `--no-tunnel`).
 */
function asFlagValue(options: Option[], { key, value }: Setting, path: string): unknown {
  const valued = options.find((option) => option.required || option.optional);
  if (typeof value === 'boolean' || !valued) return value;
  const text = String(value);
  try {
    return valued.parseArg ? valued.parseArg(text, undefined) : text;
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    throw new CliError(`invalid config ${path}: "${key}": ${error.message}`, `the same rule as ${valued.long ?? valued.flags} applies`, ExitCode.usage);
  }
}

/**
 * A bare `replay --from-log` (commander stores it as `true`) means the log
 * `listen` writes, so it follows the file's `log` as listen does. With
 * `log: false` listen keeps no log; the bare flag keeps its default then.
 */
function pointBareFromLogAtLog(command: Command, log: Setting | undefined): void {
  if (command.getOptionValue('fromLog') === true && typeof log?.value === 'string') {
    command.setOptionValueWithSource('fromLog', log.value, 'config');
  }
}

/**
 * Fills the options the user did not set (no flag, no environment variable)
 * from the project file, marking them with the source 'config' so commands
 * and tests can tell where a value came from. Flags and environment
 * variables were applied by commander while parsing and are left alone.
 */
export function applyConfig(actionCommand: Command, loaded: LoadedConfig): void {
  const chain = lineage(actionCommand);
  const settings = settingsFor(loaded, chain);
  for (const command of chain) {
    // `--log <file>` and `--no-log` are two options behind one name.
    const byName = new Map<string, Option[]>();
    for (const option of command.options) byName.set(option.attributeName(), [...(byName.get(option.attributeName()) ?? []), option]);
    for (const [name, options] of byName) {
      const setting = settings.get(name);
      const source = command.getOptionValueSource(name);
      if (setting !== undefined && (source === undefined || source === 'default')) {
        command.setOptionValueWithSource(name, asFlagValue(options, setting, loaded.path), 'config');
      }
    }
  }
  if (isReplay(chain)) pointBareFromLogAtLog(actionCommand, settings.get('log'));
}

function acceptsConfig(actionCommand: Command): boolean {
  const chain = lineage(actionCommand);
  const keys = new Set([...sharedConfigKeys, ...(isReplay(chain) ? replayConfigKeys : [])]);
  return chain.some((command) => command.options.some((option) => keys.has(option.attributeName())));
}

/**
 * The `preAction` step: applies the project file at `path` (found by
 * findConfigFile) to the command about to run. Commands with no option the
 * file can set never read it, so a broken file cannot break them.
 */
export async function applyProjectConfig(io: Pick<Io, 'stderr' | 'err'>, actionCommand: Command, path: string): Promise<void> {
  if (configFreeCommands.has(actionCommand.name()) || !acceptsConfig(actionCommand)) return;
  const loaded = await loadConfigFile(path);
  for (const { key, envVar } of secretsIn(loaded.config)) {
    io.stderr.write(
      `${io.err.yellow('warning:')} ${path} holds "${key}"; this file is meant to be committed, so move it to ${envVar} in .env (used anyway)\n`,
    );
  }
  applyConfig(actionCommand, loaded);
}
