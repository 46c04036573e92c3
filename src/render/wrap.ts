import { stripVTControlCharacters } from 'node:util';

/** Columns a string takes on screen, ignoring colour codes (one per code point). */
export function visibleLength(text: string): number {
  return [...stripVTControlCharacters(text)].length;
}

/** Below this, wrapping makes text harder to read than letting it run on. */
const narrowest = 20;

/**
 * Lays items out left to right, starting a new line when the next one would
 * pass `width`. An item is never split: one longer than a line (a URL) gets a
 * line of its own, unbroken, so it can still be copied.
 */
export function pack(items: readonly string[], width: number, separator = ' ', firstWidth = width): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const limit = Math.max(lines.length === 0 ? firstWidth : width, narrowest);
    if (line === '') line = item;
    else if (visibleLength(line) + visibleLength(separator) + visibleLength(item) <= limit) line += `${separator}${item}`;
    else {
      lines.push(line);
      line = item;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Word-wraps text to `width` columns, keeping its own line breaks; the very
 * first line can be given less room (it follows a label).
 */
export function wrap(text: string, width: number, firstWidth = width): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((paragraph, index) => pack(paragraph.split(/\s+/).filter(Boolean), width, ' ', index === 0 ? firstWidth : width));
}

/**
 * Text after a label (`[00:02] SPEAKER_01: …`, `summary  …`), wrapped so the
 * continuation lines start `hang` columns in: by default under the text, not
 * under the label. A label that leaves too little room gets a line of its own.
 */
export function hangingWrap(label: string, text: string, width: number, hang = visibleLength(label)): string {
  const pad = ' '.repeat(hang);
  const room = width - visibleLength(label);
  const lines =
    room < narrowest
      ? [label, ...wrap(text, width - hang).map((line) => `${pad}${line}`)]
      : wrap(text, width - hang, room).map((line, index) => `${index === 0 ? label : pad}${line}`);
  return lines.map((line) => line.trimEnd()).join('\n');
}
