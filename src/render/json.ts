import type { ChalkInstance } from 'chalk';
import { printable } from './printable.js';

/**
 * Pretty JSON with keys, strings, numbers and literals in distinct colours.
 * Built from the value rather than by re-colouring `JSON.stringify` output, so
 * a string that looks like a key can never be mis-painted. JSON escapes C0
 * controls but not DEL or C1, which `printable` catches in the same notation.
 */
export function prettyJson(value: unknown, c: ChalkInstance, indent = ''): string {
  if (value === null) return c.dim('null');
  if (typeof value === 'string') return c.green(printable(JSON.stringify(value)));
  if (typeof value === 'number' || typeof value === 'bigint') return c.yellow(String(value));
  if (typeof value === 'boolean') return c.magenta(String(value));
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => `${inner}${prettyJson(item, c, inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, item]) => `${inner}${c.cyan(printable(JSON.stringify(key)))}: ${prettyJson(item, c, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return c.dim(String(value));
}
