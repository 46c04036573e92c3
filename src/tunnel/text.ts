/** "30 s", "0.3 s": timeouts in messages, as a person reads them. */
export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Keeps a quoted log line from swamping a one-line message. */
export function clip(text: string | undefined, max = 240): string | undefined {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
