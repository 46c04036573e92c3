import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, parseJson } from '../src/io/json-position.js';
import { scratchDir } from './helpers/scratch.js';

/** Long enough that V8 quotes only part of it, with `..."` and `"...` around the quote. */
const longDocument = '{\n  "eventType": "CallStatusChanged",\n  "status": nope,\n  "callId": "call_7f3a9c2e41b8"\n}\n';

describe('parseJson', () => {
  it('returns the value, a leading byte order mark ignored', () => {
    expect(parseJson('{"a":[1,true]}')).toEqual({ ok: true, value: { a: [1, true] } });
    expect(parseJson('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it.each([
    ['{"a": nope}', "Unexpected token 'o'", 1, 8],
    [longDocument, "Unexpected token 'o'", 3, 14],
    ['{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}' after property value", 3, 3],
    ['{"a":1,}', 'Expected double-quoted property name', 1, 8],
    ['', 'Unexpected end of JSON input', 1, 1],
    ['{"a":1} x', 'Unexpected non-whitespace character after JSON', 1, 9],
  ])('says what is wrong in %j in one line, without V8 quoting the text, and where', (text, reason, line, column) => {
    expect(parseJson(text)).toEqual({ ok: false, problem: { reason, line, column } });
  });

  it('finds the same offset V8 reports when V8 reports one', () => {
    for (const text of ['{"a":1', '{"a":1,}', '[1,,2]', '{"a":"x\u0001"}', '{"a":01}', '"\\q"', '{"a":1} x']) {
      let v8: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const match = /position (\d+)/.exec(String(error));
        v8 = match ? Number(match[1]) : undefined;
      }
      if (v8 !== undefined) expect([text, jsonErrorOffset(text)]).toEqual([text, v8]);
    }
    expect(jsonErrorOffset('{"valid": [1, -2.5e3, true, null, "\\u00e9"]}')).toBeUndefined();
  });
});

describe('a payload file with a JSON syntax error (built CLI)', () => {
  const scratch = scratchDir('vh-json-position-');

  it('is one line of cause and one of next step, quoting none of the payload', async () => {
    await writeFile(scratch.path('bad.json'), longDocument);
    const result = await scratch.run(['replay', 'bad.json', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "error: bad.json is not valid JSON: Unexpected token 'o' at line 3, column 14\n  a payload is one JSON document; fix it there and rerun\n",
    );
  });
});
