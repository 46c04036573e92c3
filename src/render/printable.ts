/**
 * Text from a request, a payload, a log or an API response must not reach the
 * terminal raw: anyone who can post to the public tunnel URL could otherwise
 * recolour the screen, move the cursor, clear it or retitle the window. C0
 * controls, DEL and C1 controls (U+0080–U+009F, which some terminals also obey)
 * become visible JSON-style escapes; every other character, accents and emoji
 * included, is kept. Apply it to a value before colouring it, never after.
 */
const anyControl = /[\u0000-\u001f\u007f-\u009f]/g;
/** Keeps tabs and line breaks (`\n`, `\r\n`); a lone `\r` would let a line overwrite itself. */
const controlButLayout = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

const shortEscapes: Readonly<Record<string, string>> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function escapeControl(char: string): string {
  return shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function escapeMatches(pattern: RegExp, text: string): string {
  // Nearly every value is clean, and `search` (unlike `test` on a /g pattern) keeps no state between calls.
  return text.search(pattern) === -1 ? text : text.replace(pattern, escapeControl);
}

/** A value shown on one line (an id, an event type, a header): every control is escaped, line breaks too. */
export function printable(text: string): string {
  return escapeMatches(anyControl, text);
}

/** Free text that keeps its own lines (a body, a summary, a transcript turn): only tabs and line breaks stay. */
export function printableLines(text: string): string {
  return escapeMatches(controlButLayout, text);
}
