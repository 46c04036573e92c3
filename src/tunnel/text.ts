/** Keeps a quoted log line from swamping a one-line message. */
export function clip(text: string | undefined, max = 240): string | undefined {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
