import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readFixture, type BundledFixture } from '../fixtures/catalog.js';
import { UsageError } from '../io/errors.js';
import { fsProblem } from '../io/fs-errors.js';
import { parseJsonText } from './json-text.js';
import { closestName } from './suggest.js';

/** A payload to replay and where it came from, for messages. */
export interface LoadedPayload {
  label: string;
  body: unknown;
}

export interface SourceDeps {
  cwd: string;
  /** Every bundled fixture, API responses included, so naming one gets a precise error. */
  fixtures: readonly BundledFixture[];
  readStdin: () => Promise<string>;
}

const listHint = 'run "voicehub-hooks fixtures" to list them, or pass a path to a JSON file';

/** A bundled fixture by name, case-insensitively; a usage error with the likeliest meant name otherwise. */
export function requireBundledFixture(name: string, fixtures: readonly BundledFixture[]): BundledFixture {
  const found = byName(name, fixtures);
  if (found) return found;
  throw unknownFixture(name, fixtures);
}

function byName(name: string, fixtures: readonly BundledFixture[]): BundledFixture | undefined {
  return fixtures.find((fixture) => fixture.name.toLowerCase() === name.toLowerCase());
}

function unknownFixture(name: string, fixtures: readonly BundledFixture[]): UsageError {
  const guess = closestName(name, fixtures.map((fixture) => fixture.name));
  return new UsageError(`unknown fixture "${name}"`, guess ? `did you mean ${guess}? ${listHint}` : listHint);
}

function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || arg.toLowerCase().endsWith('.json');
}

function readError(path: string, error: unknown): UsageError {
  return new UsageError(`cannot read ${path}: ${fsProblem(error)}`, 'pass a readable JSON file, a bundled fixture name, or - for stdin');
}

async function loadFile(arg: string, cwd: string): Promise<LoadedPayload> {
  const path = resolve(cwd, arg);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw readError(path, error);
  }
  return { label: arg, body: parseJsonText(text, arg) };
}

function loadBundled(fixture: BundledFixture): LoadedPayload {
  if (fixture.platform === 'api') {
    throw new UsageError(
      `${fixture.name} is an API response, not a webhook event`,
      'replay sends webhook events; run "voicehub-hooks fixtures" to see which ones',
    );
  }
  return { label: fixture.name, body: readFixture(fixture) };
}

/**
 * Turns the command's fixture arguments into payloads: `-` is stdin, a bundled
 * name wins over a same-named file unless the argument looks like a path.
 */
export async function loadPayloads(args: readonly string[], deps: SourceDeps): Promise<LoadedPayload[]> {
  if (args.filter((arg) => arg === '-').length > 1) {
    throw new UsageError('stdin (-) can be given only once', 'pipe one payload, or pass the others as files');
  }
  const payloads: LoadedPayload[] = [];
  for (const arg of args) {
    if (arg === '-') {
      payloads.push({ label: 'stdin', body: parseJsonText(await deps.readStdin(), 'stdin') });
      continue;
    }
    const bundled = looksLikePath(arg) ? undefined : byName(arg, deps.fixtures);
    if (bundled) payloads.push(loadBundled(bundled));
    else if (looksLikePath(arg) || existsSync(resolve(deps.cwd, arg))) payloads.push(await loadFile(arg, deps.cwd));
    else throw unknownFixture(arg, deps.fixtures);
  }
  return payloads;
}
