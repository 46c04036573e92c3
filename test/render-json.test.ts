import { describe, expect, it } from 'vitest';
import { palette } from '../src/io/colour.js';
import { prettyJson } from '../src/render/json.js';

describe('prettyJson', () => {
  const sample = { eventType: 'CallStatusChanged', n: 1.5, ok: true, none: null, list: [1, { k: '"key": 1' }], empty: {} };

  it('without colour, is exactly JSON.stringify with two-space indent', () => {
    expect(prettyJson(sample, palette(0))).toBe(JSON.stringify(sample, null, 2));
  });

  it('with colour, paints keys and strings differently and still reads back as the same JSON', () => {
    const coloured = prettyJson(sample, palette(1));
    expect(coloured).toContain('\u001b[36m"eventType"\u001b[39m');
    expect(coloured).toContain('\u001b[32m"CallStatusChanged"\u001b[39m');
    expect(JSON.parse(coloured.replace(/\u001b\[\d+m/g, ''))).toEqual(sample);
  });
});
