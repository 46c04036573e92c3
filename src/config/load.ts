import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { CliError } from '../io/errors.js';
import { ExitCode } from '../io/exit-codes.js';
import { fsProblem } from '../io/fs-errors.js';
import { withoutCredentials } from '../io/http-url.js';
import { parseJson } from '../io/json-position.js';
import { projectConfigSchema, secretKeys, type ProjectConfig } from './schema.js';

export interface LoadedConfig {
  path: string;
  /** Relative paths in the file (such as `log`) are relative to this folder, wherever the tool runs from. */
  dir: string;
  config: ProjectConfig;
}

/** Reads and validates a project file; any problem is a usage error naming the file, the key and what is wrong. */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${fsProblem(error)}`, 'check the file permissions, or remove the file', ExitCode.usage);
  }
  return parseConfigText(path, text);
}

/** Validates the text of the project file at `path`, already read, as loadConfigFile does. */
export function parseConfigText(path: string, text: string): LoadedConfig {
  const json = parseConfigJson(path, text);
  const parsed = projectConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError(
      `invalid config ${path}: ${parsed.error.issues.map((issue) => describeIssue(issue, json)).join('; ')}`,
      'fix the file (flags and environment variables override it, but it must be valid)',
      ExitCode.usage,
    );
  }
  return { path, dir: dirname(path), config: parsed.data };
}

function parseConfigJson(path: string, text: string): unknown {
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  const { reason, line, column } = parsed.problem;
  throw new CliError(`invalid JSON in ${path}:${line}:${column}: ${reason}`, 'the file must be one JSON object, without comments or trailing commas', ExitCode.usage);
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((name) => (key ? `${key}.${name}` : name));
    return `unknown key${names.length > 1 ? 's' : ''} ${names.map((name) => `"${name}"`).join(', ')} (allowed: ${allowedKeys(issue.path).join(', ')})`;
  }
  if (key === '') return `the file must hold one JSON object (${issue.message})`;
  // The custom checks are the ones about credentials in a value: never repeat it.
  if (issue.code === 'custom') return `"${key}": ${issue.message}`;
  const value = valueAt(json, key);
  const got = JSON.stringify(typeof value === 'string' ? withoutCredentials(value) : value) ?? 'nothing';
  return `"${key}": ${issue.message}, got ${got.length > 40 ? `${got.slice(0, 39)}…` : got}`;
}

function allowedKeys(path: readonly PropertyKey[]): string[] {
  const shape = path[0] === 'replay' ? projectConfigSchema.shape.replay.unwrap().shape : projectConfigSchema.shape;
  return Object.keys(shape);
}

/** The secret-holding keys present in a config, each with the variable that should hold it instead. */
export function secretsIn(config: ProjectConfig): { key: string; envVar: string }[] {
  return Object.entries(secretKeys)
    .filter(([key]) => valueAt(config, key) !== undefined)
    .map(([key, envVar]) => ({ key, envVar }));
}

function valueAt(value: unknown, dottedKey: string): unknown {
  return dottedKey
    .split('.')
    .reduce<unknown>((parent, key) => (typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined), value);
}
