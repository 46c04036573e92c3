import type { z } from 'zod';

type Path = readonly PropertyKey[];

function removeAt(root: unknown, path: Path): boolean {
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number' && last < parent.length) {
    parent.splice(last, 1);
    return true;
  }
  if (typeof parent === 'object' && parent !== null && last !== undefined && Object.hasOwn(parent, last)) {
    delete (parent as Record<PropertyKey, unknown>)[last];
    return true;
  }
  return false;
}

/** Deepest and highest array index first, so one removal never shifts another's path. */
function compareDescending(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}

const maxRounds = 50;

/**
 * What can still be shown of a value that fails its schema: each offending
 * field is dropped (or, when a required one is missing, the object or array
 * item holding it), until the rest parses. `undefined` when nothing is left.
 * The schema should make top-level fields optional, so one bad field never
 * costs the whole report.
 */
export function salvage<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const current: unknown = structuredClone(value);
  for (let round = 0; round < maxRounds; round++) {
    const result = schema.safeParse(current);
    if (result.success) return result.data;
    const paths = [...new Map(result.error.issues.map((issue) => [JSON.stringify(issue.path), issue.path])).values()].sort(compareDescending);
    let removed = false;
    for (const path of paths) {
      for (let at: Path = path; at.length > 0; at = at.slice(0, -1)) {
        if (removeAt(current, at)) {
          removed = true;
          break;
        }
      }
    }
    if (!removed) return undefined;
  }
  return undefined;
}
