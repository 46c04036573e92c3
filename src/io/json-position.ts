/**
 * Where JSON text goes wrong, by line and column, in one line of words: for
 * the files users write by hand (payloads, the project config).
 */
export interface TextPosition {
  line: number;
  column: number;
}

function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

/**
 * The offset of the first JSON syntax error. V8 only sometimes says where
 * (`Unexpected token 'o', "nope" is not valid JSON` has no position), so a
 * small scanner finds it; it runs only after JSON.parse has already failed.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (at = i): never => {
    throw new SyntaxAt(at);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (word: string) => {
    for (const char of word) if (text.charAt(i) === char) i++; else fail();
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const char = text.charAt(i);
      if (char === '"') return void i++;
      if (char < ' ') fail();
      if (char === '\\') {
        i++;
        const escape = text.charAt(i);
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '-') fail();
    i += match?.[0].length ?? 0;
  };
  const value = (): void => {
    space();
    const char = text.charAt(i);
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === '-' || (char >= '0' && char <= '9')) return number();
    if (char === 't') return expect('true');
    if (char === 'f') return expect('false');
    if (char === 'n') return expect('null');
    fail();
  };
  const list = (close: string, item: () => void) => {
    i++;
    space();
    if (text.charAt(i) === close) return void i++;
    for (;;) {
      item();
      space();
      const char = text.charAt(i);
      if (char === close) return void i++;
      if (char !== ',') fail();
      i++;
    }
  };
  const object = () =>
    list('}', () => {
      space();
      if (text.charAt(i) !== '"') fail();
      string();
      space();
      if (text.charAt(i) !== ':') fail();
      i++;
      value();
    });
  const array = () => list(']', value);
  try {
    value();
    space();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

export interface JsonSyntaxProblem extends TextPosition {
  /** V8's reason, one line, without its position or its quote of the text (which may span lines). */
  reason: string;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error))
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '');
}

/** JSON.parse that says what is wrong and where, by line and column, instead of throwing. */
export function parseJson(text: string): JsonParseResult {
  // A UTF-8 BOM is common in files saved by Windows editors and is not JSON.
  const clean = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(clean) };
  } catch (error) {
    const offset = jsonErrorOffset(clean) ?? clean.length;
    return { ok: false, problem: { reason: reasonOf(error), ...positionAt(clean, offset) } };
  }
}
