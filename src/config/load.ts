import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { CliError } from '../io/errors.js';
import { ExitCode } from '../io/exit-codes.js';
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
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(`cannot read ${path} (${code})`, 'check the file permissions, or remove the file', ExitCode.usage);
  }
  const json = parseJson(path, text);
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

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(reason)?.[1];
    const where = position === undefined ? text.length : Number(position);
    const { line, column } = lineAndColumn(text, where);
    const cause = reason.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/ in JSON$/, '');
    throw new CliError(`invalid JSON in ${path}:${line}:${column}: ${cause}`, 'the file must be one JSON object, without comments or trailing commas', ExitCode.usage);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const key = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((name) => (key ? `${key}.${name}` : name));
    return `unknown key${names.length > 1 ? 's' : ''} ${names.map((name) => `"${name}"`).join(', ')} (allowed: ${allowedKeys(issue.path).join(', ')})`;
  }
  if (key === '') return `the file must hold one JSON object (${issue.message})`;
  const got = JSON.stringify(valueAt(json, key)) ?? 'nothing';
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
