import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Io } from '../io/context.js';
import { errorCode, fsProblem } from '../io/fs-errors.js';
import { isDocumentedEnvVar } from './env-vars.js';

export const dotEnvFileName = '.env';

export interface DotEnvEntry {
  key: string;
  value: string;
}

export interface DotEnvContents {
  entries: DotEnvEntry[];
  /** 1-based numbers of lines that are neither blank, a comment nor an assignment. */
  malformedLines: number[];
}

const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const doubleQuoteEscapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * The common subset of the .env format: `KEY=value`, optional `export`,
 * single quotes (literal), double quotes (with \n, \t, \" and \\ escapes),
 * comments. No variable expansion: a value is exactly what is written.
 */
export function parseDotEnv(text: string): DotEnvContents {
  const entries: DotEnvEntry[] = [];
  const malformedLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*(#|$)/.test(line)) return;
    const match = assignment.exec(line);
    const value = match?.[2] === undefined ? undefined : parseValue(match[2]);
    if (match?.[1] === undefined || value === undefined) malformedLines.push(index + 1);
    else entries.push({ key: match[1], value });
  });
  return { entries, malformedLines };
}

function parseValue(raw: string): string | undefined {
  const text = raw.trimStart();
  const quote = text[0];
  if (quote !== '"' && quote !== "'") return text.replace(/(^|\s+)#.*$/, '').trim();
  let value = '';
  for (let index = 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === quote) return /^\s*(#.*)?$/.test(text.slice(index + 1)) ? value : undefined;
    const escaped = quote === '"' && char === '\\' ? doubleQuoteEscapes[text[index + 1] ?? ''] : undefined;
    if (escaped === undefined) value += char;
    else {
      value += escaped;
      index += 1;
    }
  }
  return undefined;
}

/** Sets `key` in .env text, in place when it is already there, otherwise appended; everything else is kept. */
export function setDotEnvVariable(text: string, key: string, value: string): string {
  const line = `${key}=${value}`;
  const lines = text.split('\n');
  const existing = lines.findIndex((candidate) => assignment.exec(candidate)?.[1] === key);
  if (existing >= 0) {
    lines[existing] = line;
    return lines.join('\n');
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}${line}\n`;
}

/**
 * The documented variables a project's `.env` provides and the environment
 * lacks: the real environment always wins. The file sits next to the project
 * config (`configFile`, found by findConfigFile), or in the working directory
 * when there is none. A missing file is normal; an unreadable or partly
 * malformed one is a warning, never a failure. Synchronous, like
 * findConfigFile, for the same reason.
 */
export function readProjectDotEnv(io: Pick<Io, 'cwd' | 'env' | 'stderr' | 'err'>, configFile: string | undefined): Record<string, string> {
  const path = join(configFile ? dirname(configFile) : io.cwd, dotEnvFileName);
  const warn = (message: string) => io.stderr.write(`${io.err.yellow('warning:')} ${message}\n`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') warn(`cannot read ${path}: ${fsProblem(error)}; its variables are not used`);
    return {};
  }
  const { entries, malformedLines } = parseDotEnv(text);
  if (malformedLines.length > 0) {
    warn(`ignored malformed line${malformedLines.length > 1 ? 's' : ''} ${malformedLines.join(', ')} of ${path} (expected KEY=value)`);
  }
  const missing: Record<string, string> = {};
  for (const { key, value } of entries) {
    if (isDocumentedEnvVar(key) && io.env[key] === undefined) missing[key] = value;
  }
  return missing;
}
