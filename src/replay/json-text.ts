import { UsageError } from '../io/errors.js';
import { parseJson } from '../io/json-position.js';

/** JSON.parse with an error that names the source and the line and column. */
export function parseJsonText(text: string, source: string): unknown {
  const parsed = parseJson(text);
  if (parsed.ok) return parsed.value;
  const { reason, line, column } = parsed.problem;
  throw new UsageError(`${source} is not valid JSON: ${reason} at line ${line}, column ${column}`, 'a payload is one JSON document; fix it there and rerun');
}
