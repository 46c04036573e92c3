import { UsageError } from '../io/errors.js';

/** One `--set path=value`: where to write and the value, typed as JSON when it parses as JSON. */
export interface Assignment {
  path: string[];
  value: unknown;
  /** As typed, for messages. */
  raw: string;
}

/** Writing through these would reach Object.prototype instead of the payload. */
const forbiddenSegments = new Set(['__proto__', 'constructor', 'prototype']);

const example = 'e.g. --set status=failed, --set duration=12, --set contact.name="Ann"';

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // `--set status=failed` means the string "failed", not a JSON error.
    return text;
  }
}

export function parseAssignment(raw: string): Assignment {
  const equals = raw.indexOf('=');
  if (equals <= 0) throw new UsageError(`invalid --set "${raw}": expected path=value`, example);
  const path = raw.slice(0, equals).trim().split('.');
  if (path.some((segment) => segment === '')) {
    throw new UsageError(`invalid --set "${raw}": the path has an empty segment`, example);
  }
  const forbidden = path.find((segment) => forbiddenSegments.has(segment));
  if (forbidden) throw new UsageError(`invalid --set "${raw}": "${forbidden}" cannot be set`, 'name a field of the payload');
  return { path, value: jsonOrText(raw.slice(equals + 1)), raw };
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function arrayIndex(container: unknown[], segment: string): number | undefined {
  if (!/^\d+$/.test(segment)) return undefined;
  const index = Number(segment);
  return index <= container.length ? index : undefined;
}

function child(container: Container, segment: string): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndex(container, segment);
    return index === undefined ? undefined : container[index];
  }
  return Object.hasOwn(container, segment) ? container[segment] : undefined;
}

/** Where the walk is: `assignment.path` up to, not including, segment number `depth`. */
const pathTo = (assignment: Assignment, depth: number) => assignment.path.slice(0, depth).join('.');

function put(container: Container, segment: string, value: unknown, assignment: Assignment, depth: number): void {
  if (Array.isArray(container)) {
    const index = arrayIndex(container, segment);
    if (index === undefined) {
      const { length } = container;
      throw new UsageError(
        `cannot apply --set ${assignment.raw}: "${segment}" is not an index of that array (0-${length})`,
        `${pathTo(assignment, depth)} has ${length} item${length === 1 ? '' : 's'}: use an index from 0 to ${length}, where ${length} adds one at the end`,
      );
    }
    container[index] = value;
    return;
  }
  container[segment] = value;
}

/** The hint for a path that runs into a string or number: replace that value whole, with what the path meant to put under it. */
function replaceWholeHint(assignment: Assignment, depth: number): string {
  const where = pathTo(assignment, depth + 1);
  const whole = assignment.path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), assignment.value);
  const quoted = `'${JSON.stringify(whole).replaceAll("'", "'\\''")}'`;
  return `--set paths go through objects only: set ${where} itself, e.g. --set ${where}=${quoted}`;
}

/**
 * Applies the assignments to a deep copy of `body`, in order. Missing objects
 * along a path are created; walking into a string or number is a usage error
 * rather than a silent replacement of the user's data.
 */
export function applyAssignments(body: unknown, assignments: readonly Assignment[]): unknown {
  if (assignments.length === 0) return body;
  if (!isContainer(body) || Array.isArray(body)) {
    throw new UsageError('--set needs a payload that is a JSON object', 'this fixture is not an object; drop --set or fix the file');
  }
  const copy = structuredClone(body);
  for (const assignment of assignments) {
    let container: Container = copy;
    const parents = assignment.path.slice(0, -1);
    for (const [depth, segment] of parents.entries()) {
      let next = child(container, segment);
      if (next === undefined) {
        next = {};
        put(container, segment, next, assignment, depth);
      }
      if (!isContainer(next)) {
        const where = pathTo(assignment, depth + 1);
        throw new UsageError(`cannot apply --set ${assignment.raw}: ${where} is ${JSON.stringify(next)}, not an object`, replaceWholeHint(assignment, depth));
      }
      container = next;
    }
    const last = assignment.path[assignment.path.length - 1] ?? '';
    put(container, last, assignment.value, assignment, assignment.path.length - 1);
  }
  return copy;
}
