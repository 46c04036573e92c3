import type { ChalkInstance } from 'chalk';
import { printable } from './printable.js';
import { hangingWrap, visibleLength } from './wrap.js';

/** What every report renderer needs: colours (palette(0) in tests) and the terminal width. */
export interface View {
  c: ChalkInstance;
  width: number;
}

export const defaultWidth = 80;
const indent = '  ';

/** The terminal's width when there is one, clamped to what stays readable. */
export function viewWidth(stream: object, env: NodeJS.ProcessEnv): number {
  const columns = 'columns' in stream && typeof stream.columns === 'number' ? stream.columns : Number(env.COLUMNS);
  return Number.isFinite(columns) && columns > 0 ? Math.min(Math.max(columns, 40), 120) : defaultWidth;
}

/** `mm:ss`, or `h:mm:ss` past the hour, from seconds. */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const whole = Math.floor(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** `01:22 (82.5 s)`: readable at a glance, exact enough to compare. */
export function duration(seconds: number): string {
  return `${clock(seconds)} (${seconds.toFixed(1)} s)`;
}

/** Green for the good outcomes, red for the bad ones, yellow for anything in between or unknown. */
export function tone(c: ChalkInstance, word: string, good: readonly string[], bad: readonly string[]): string {
  const lower = word.toLowerCase();
  if (good.includes(lower)) return c.green(word);
  if (bad.includes(lower)) return c.red(word);
  return c.yellow(word);
}

/** A titled block; an empty body means the section is left out entirely. */
export function section(title: string, body: string[], view: View): string[] {
  return body.length === 0 ? [] : ['', view.c.bold(title), ...body];
}

export function paragraph(text: string, view: View): string[] {
  return [hangingWrap(indent, text, view.width)];
}

export function bullets(items: readonly string[], view: View): string[] {
  return items.map((item) => hangingWrap(`${indent}• `, item, view.width));
}

/** A label, its value, and optionally a marker (`+ `) the value's wrapped lines indent past. */
export type Row = readonly [label: string, value: string, marker?: string];

/** Label/value rows with the values aligned in one column. */
export function rows(entries: readonly Row[], view: View): string[] {
  const labelWidth = Math.max(0, ...entries.map(([label]) => visibleLength(label)));
  return entries.map(([label, value, marker = '']) => {
    const pad = ' '.repeat(labelWidth - visibleLength(label));
    return hangingWrap(`${indent}${view.c.dim(label)}${pad}  ${marker}`, value, view.width);
  });
}

/** Schema drift, shown under a report: the data is displayed anyway. */
export function driftWarnings(warnings: readonly string[], view: View): string[] {
  if (warnings.length === 0) return [];
  const { c } = view;
  const count = `${warnings.length} ${warnings.length === 1 ? 'difference' : 'differences'}`;
  return [
    '',
    c.yellow(`warning: the response differs from the documented shape (${count}); shown as far as possible`),
    // They name the response's own keys.
    ...warnings.map((warning) => c.yellow(hangingWrap(`${indent}- `, printable(warning), view.width))),
  ];
}
