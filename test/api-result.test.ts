import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkResult, renderResult } from '../src/api/result.js';
import { salvage } from '../src/api/salvage.js';
import { palette } from '../src/io/colour.js';

const text = (name: string) => readFileSync(new URL(`../fixtures/api/${name}.json`, import.meta.url), 'utf8');
const response = (url: string, json: unknown) => ({ url, status: 200, text: JSON.stringify(json), json });
const view = { c: palette(0), width: 80 };
const callAnalysis = () => JSON.parse(text('call-analysis')) as Record<string, unknown>;

describe('checkResult', () => {
  it('accepts every API fixture without warnings', () => {
    const studio = checkResult('analysis', response('https://h/api/v1/call-analysis/callstudio/job_5d21e8a0c4f7', JSON.parse(text('callstudio-analysis'))));
    expect(studio).toMatchObject({ kind: 'analysis', title: 'Call Studio analysis job_5d21e8a0c4f7', warnings: [] });
    const call = checkResult('analysis', response('https://h/api/v1/call-analysis/call_7f3a9c2e41b8', callAnalysis()));
    expect(call).toMatchObject({ kind: 'analysis', title: 'Call analysis call_7f3a9c2e41b8', warnings: [] });
    const transcript = checkResult('transcript', response('https://h/api/v1/playground/job_5d21e8a0c4f7', JSON.parse(text('callstudio-transcript'))));
    expect(transcript).toMatchObject({ kind: 'transcript', pending: false, warnings: [] });
  });

  it('holds a call analysis to the call schema: its callId must be a string', () => {
    const checked = checkResult('analysis', response('https://h/api/v1/call-analysis/call_7f3a9c2e41b8', { ...callAnalysis(), callId: null }));
    expect(checked.warnings).toEqual(['callId: Invalid input: expected string, received null']);
    expect(checked.kind === 'analysis' && checked.title).toBe('Call analysis call_7f3a9c2e41b8');
  });

  it('turns drift into warnings and still shows the rest', () => {
    const drifted: Record<string, unknown> = { ...callAnalysis(), summary: 42, empathyScore: 'high' };
    delete drifted.duration;
    const checked = checkResult('analysis', response('https://h/api/v1/call-analysis/call_7f3a9c2e41b8', drifted));
    expect(checked.warnings).toEqual([
      'summary: Invalid input: expected string, received number',
      'duration: Invalid input: expected number, received undefined',
      'empathyScore: Invalid input: expected number, received string',
    ]);
    const report = renderResult(checked, view);
    expect(report).toContain('Daniel Reyes');
    expect(report).not.toContain('Summary');
    expect(report).not.toContain('empathy score');
    expect(report).toMatch(/warning: the response differs from the documented shape \(3 differences\)/);
    expect(report.indexOf('warning:')).toBeGreaterThan(report.indexOf('Transcript'));
  });

  it('marks a pending transcript job', () => {
    const pending = { ...JSON.parse(text('callstudio-transcript')), status: 'pending', transcripts: [] };
    const checked = checkResult('transcript', response('https://h/api/v1/playground/job_5d21e8a0c4f7', pending));
    expect(checked).toMatchObject({ pending: true, warnings: [] });
    expect(renderResult(checked, view)).toContain('(no transcript yet: the job is still pending)');
  });

  it('says so when nothing can be shown', () => {
    const checked = checkResult('transcript', response('https://h/api/v1/playground/job_1', ['not', 'a', 'job']));
    const report = renderResult(checked, view);
    expect(report).toContain('nothing in the response could be shown');
    expect(report).toContain('(body): Invalid input: expected object, received array');
  });
});

describe('salvage', () => {
  const Line = z.object({ text: z.string(), start: z.number() });
  const Result = z.object({ title: z.string(), lines: z.array(Line), meta: z.object({ a: z.number(), b: z.number() }) }).partial();

  it('drops only what does not fit: a field, an array item, an object missing a required field', () => {
    const value = {
      title: 7,
      lines: [{ text: 'a', start: 1 }, { text: 'b' }, { text: 'c', start: 'x' }, { text: 'd', start: 4 }],
      meta: { a: 1 },
    };
    expect(salvage(Result, value)).toEqual({ lines: [{ text: 'a', start: 1 }, { text: 'd', start: 4 }] });
    expect(value.lines).toHaveLength(4);
  });

  it('returns valid input untouched and gives up on a wrong top-level type', () => {
    expect(salvage(Result, { title: 't' })).toEqual({ title: 't' });
    expect(salvage(Result, 'text')).toBeUndefined();
  });
});
