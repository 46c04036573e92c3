import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { palette } from '../src/io/colour.js';
import { renderAnalysis, type AnalysisView } from '../src/render/analysis.js';
import { clock, viewWidth } from '../src/render/layout.js';
import { hangingWrap, pack, wrap } from '../src/render/wrap.js';
import { CallAnalysisResult, CallStudioAnalysisResult } from '../src/schemas/api.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/api/${name}.json`, import.meta.url), 'utf8'));
const call = CallAnalysisResult.parse(fixture('call-analysis'));
const studio = CallStudioAnalysisResult.parse(fixture('callstudio-analysis'));
const view = { c: palette(0), width: 80 };

/** The lines of one section, from its heading to the next blank line. */
function sectionOf(report: string, title: string): string[] {
  const lines = report.split('\n');
  const start = lines.indexOf(title);
  expect(start, `section ${title}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

describe('renderAnalysis', () => {
  it('reports a call analysis section by section', () => {
    const report = renderAnalysis(call, 'Call analysis call_7f3a9c2e41b8', view);
    expect(report.split('\n').slice(0, 2)).toEqual([
      'Call analysis call_7f3a9c2e41b8',
      '  duration 01:22 (82.5 s) · created 2026-03-12T14:07:29.604Z',
    ]);
    expect(sectionOf(report, 'Summary').join(' ').replace(/\s+/g, ' ').trim()).toBe(call.summary);
    expect(sectionOf(report, 'Outcome')).toEqual(['  resolution          solved', '  empathy score       86', '  user interruptions  1']);
    expect(sectionOf(report, 'Sentiment')).toEqual([
      '  overall    positive +0.39',
      '             + perfect, autopay, really easy, thanks so much',
      '             - cutting it close, worrying',
      '  user       positive +0.27',
      '             + perfect, thanks so much, really easy',
      '             - cutting it close, worrying',
      '  assistant  positive +0.48',
      '             + absolutely, of course, autopay is active',
    ]);
    expect(sectionOf(report, 'Main topics')).toEqual(['  • Billing due date change', '  • Autopay enrollment', '  • Account verification']);
    expect(sectionOf(report, 'Loyalty indicators')).toEqual([
      '  • Customer proactively asked to enroll in autopay',
      '  • Expressed gratitude and satisfaction at the end of the call',
    ]);
    expect(sectionOf(report, 'Extracted variables')).toEqual([
      '  customerName        Daniel Reyes',
      '  accountNumber       NW-4481-2097',
      '  previousDueDay      3',
      '  newDueDay           15',
      '  effectiveFromBill   April 2026',
      '  autopayEnrolled     true',
      '  paymentMethodLast4  4182',
    ]);
    expect(sectionOf(report, 'Speech statistics')).toEqual([
      '                         user  assistant      total',
      '  speech               33.7 s     37.2 s     70.9 s',
      '  silence               3.2 s      5.8 s     12.2 s',
      '  interruptions         0.6 s      0.0 s      0.6 s',
      '  words per second       2.52       2.77       2.65',
    ]);
    expect(sectionOf(report, 'Recordings')).toEqual(call.recordingUrls?.map((url) => `  • ${url}`));
    const transcript = sectionOf(report, 'Transcript');
    expect(transcript[0]).toBe('  [00:00] assistant: Thank you for calling Northwind Energy, this is Ava. May I');
    expect(transcript[1]).toBe('          have your name and account number, please?');
    expect(transcript.slice(-2)).toEqual([
      "  [01:15] user: No, that's everything. Thanks so much, you made that really",
      '          easy.',
    ]);
  });

  it('reports a Call Studio analysis, with its negative and neutral sides', () => {
    const report = renderAnalysis(studio, 'Call Studio analysis job_5d21e8a0c4f7', view);
    expect(report.startsWith('Call Studio analysis job_5d21e8a0c4f7\n  duration 01:10 (70.3 s)')).toBe(true);
    expect(sectionOf(report, 'Outcome')[0]).toBe('  resolution          unsolved');
    expect(sectionOf(report, 'Sentiment').filter((line) => !line.includes('+ ') && !line.includes('- '))).toEqual([
      '  overall    neutral -0.08',
      '  user       negative -0.32',
      '  assistant  neutral +0.17',
    ]);
    expect(sectionOf(report, 'Key phrases')).toContain('  assistant  + booking a technician, adding a credit for this week\'s outages');
    const turns = sectionOf(report, 'Transcript').filter((line) => /^  \[\d\d:\d\d\] (user|assistant): /.test(line));
    expect(turns).toHaveLength(studio.transcriptAnalysis.length);
  });

  it('leaves out every optional section the result does not carry', () => {
    const minimal: AnalysisView = { summary: 'Short call.', transcriptAnalysis: [] };
    expect(renderAnalysis(minimal, 'Call analysis c1', view)).toBe('Call analysis c1\n\nSummary\n  Short call.\n');
    expect(renderAnalysis({}, 'Call analysis c2', view)).toBe('Call analysis c2\n');
    const sidesOnly = renderAnalysis({ userSummary: call.userSummary }, 'x', view);
    expect(sectionOf(sidesOnly, 'Speech statistics')).toEqual([
      '                        user',
      '  speech              33.7 s',
      '  silence              3.2 s',
      '  interruptions        0.6 s',
      '  words per second      2.52',
    ]);
    expect(sidesOnly).not.toContain('assistant');
    expect(sidesOnly).not.toContain('Outcome');
  });

  it('wraps long text to the width, hanging under the text, without losing a word', () => {
    const long = `${'word '.repeat(60)}end`;
    const narrow = { c: palette(0), width: 40 };
    const report = renderAnalysis({ summary: long, mainTopics: [long], transcriptAnalysis: [{ text: long, speaker: 'user', start: 3725, end: 3800 }] }, 't', narrow);
    for (const line of report.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    const summary = sectionOf(report, 'Summary');
    expect(summary.every((line) => line.startsWith('  word') || line.startsWith('  end'))).toBe(true);
    expect(summary.join(' ').split(/\s+/).filter(Boolean)).toEqual(long.split(' '));
    const topic = sectionOf(report, 'Main topics');
    expect(topic[1]?.startsWith('    word')).toBe(true);
    const transcript = sectionOf(report, 'Transcript');
    expect(transcript[0]?.startsWith('  [1:02:05] user: word')).toBe(true);
    expect(transcript[1]?.startsWith('            word')).toBe(true);
  });

  it('colours sentiment and resolution when colour is on', () => {
    const report = renderAnalysis(studio, 't', { c: palette(1), width: 80 });
    expect(report).toContain('\u001b[31munsolved\u001b[39m');
    expect(report).toContain('\u001b[31mnegative\u001b[39m -0.32');
    expect(report).toContain('\u001b[33mneutral\u001b[39m -0.08');
    expect(renderAnalysis(call, 't', { c: palette(1), width: 80 })).toContain('\u001b[32mpositive\u001b[39m +0.39');
  });
});

describe('wrapping and time helpers', () => {
  it('wraps at word boundaries and keeps paragraphs', () => {
    expect(wrap('one two three four five six seven eight nine ten eleven', 20)).toEqual(['one two three four', 'five six seven eight', 'nine ten eleven']);
    expect(wrap('first paragraph\n\nsecond', 30)).toEqual(['first paragraph', '', 'second']);
  });

  it('never breaks a word longer than the line, such as a URL', () => {
    const url = `https://example.com/${'x'.repeat(60)}`;
    expect(wrap(`see ${url} now`, 30)).toEqual(['see', url, 'now']);
  });

  it('packs items with a separator and a shorter first line', () => {
    expect(pack(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccc', 'dddd', 'eeee', 'ffff'], 30, '  ', 20)).toEqual(['aaaaaaaaaa', 'bbbbbbbbbb  cccc  dddd  eeee', 'ffff']);
  });

  it('hangs continuation lines under the text or at a chosen column, ignoring colour codes', () => {
    const c = palette(1);
    const text = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
    expect(hangingWrap(`${c.red('label')}: `, text, 30)).toBe(`${c.red('label')}: alpha beta gamma delta\n       epsilon zeta eta theta\n       iota kappa`);
    expect(hangingWrap('[00:01] SPEAKER_00: ', text, 44, 8)).toBe('[00:01] SPEAKER_00: alpha beta gamma delta\n        epsilon zeta eta theta iota kappa');
  });

  it('formats seconds as mm:ss, h:mm:ss past the hour', () => {
    expect([clock(0), clock(7.9), clock(82.51), clock(3725), clock(-1), clock(Number.NaN)]).toEqual(['00:00', '00:07', '01:22', '1:02:05', '--:--', '--:--']);
  });

  it('takes the terminal width when there is one, 80 otherwise', () => {
    expect(viewWidth({ columns: 100 }, {})).toBe(100);
    expect(viewWidth({ columns: 300 }, {})).toBe(120);
    expect(viewWidth({}, { COLUMNS: '60' })).toBe(60);
    expect(viewWidth({}, {})).toBe(80);
  });
});
