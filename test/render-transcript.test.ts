import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { palette } from '../src/io/colour.js';
import { renderTranscript } from '../src/render/transcript.js';
import { CallStudioTranscript } from '../src/schemas/api.js';

const job = CallStudioTranscript.parse(JSON.parse(readFileSync(new URL('../fixtures/api/callstudio-transcript.json', import.meta.url), 'utf8')));
const view = { c: palette(0), width: 80 };

describe('renderTranscript', () => {
  it('heads the conversation with the job facts', () => {
    const lines = renderTranscript(job, view).split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'Lumio support - evening outages (Mar 17)',
      '  job           job_5d21e8a0c4f7',
      '  status        completed',
      '  duration      01:10 (70.3 s)',
      '  file          lumio-support-2026-03-17-1902.mp3',
      '  workspace     ws_3b9e71c5a2d4',
      '  created       2026-03-18T09:12:04.337Z',
      '  credits used  3',
      '',
      '[00:01] SPEAKER_00 (Marcus Hill): Thanks for calling Lumio support, this is',
    ]);
  });

  it('shows every segment with its time, speaker and name when known, wrapped under the speaker', () => {
    const report = renderTranscript(job, view);
    const turns = report.split('\n').filter((line) => line.startsWith('['));
    expect(turns).toHaveLength(job.transcripts?.length ?? -1);
    expect(turns.map((line) => line.slice(0, line.indexOf(':', 8) + 1))).toEqual([
      '[00:01] SPEAKER_00 (Marcus Hill):',
      '[00:07] SPEAKER_01:',
      '[00:16] SPEAKER_00 (Marcus Hill):',
      '[00:25] SPEAKER_01:',
      '[00:34] SPEAKER_00 (Marcus Hill):',
      '[00:47] SPEAKER_01:',
      '[00:53] SPEAKER_00 (Marcus Hill):',
      '[01:02] SPEAKER_01:',
    ]);
    expect(report).toContain('[00:01] SPEAKER_00 (Marcus Hill): Thanks for calling Lumio support, this is\n        Marcus. What can I help you with today?\n');
    for (const line of report.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(report).not.toMatch(/\d\d\.\d\d \w/);
  });

  it('adds word timings under each segment with --words', () => {
    const report = renderTranscript(job, view, { words: true });
    const lines = report.split('\n');
    const first = lines.indexOf('        Marcus. What can I help you with today?');
    expect(lines.slice(first + 1, first + 5)).toEqual([
      '        00:01.20 Thanks  00:01.58 for  00:01.89 calling  00:02.31 Lumio',
      '        00:02.63 support  00:02.95 this  00:03.36 is  00:03.68 Marcus',
      '        00:04.10 What  00:04.42 can  00:04.73 I  00:05.15 help  00:05.47 you',
      '        00:05.89 with  00:06.20 today',
    ]);
    const words = job.transcripts?.flatMap((segment) => segment.words ?? []) ?? [];
    expect(report.match(/\d\d:\d\d\.\d\d \S+/g)).toHaveLength(words.length);
  });

  it('rounds word times to the hundredth without losing a second', () => {
    const segment = { speaker: 'SPEAKER_00', transcription: 'late word', start: 59.5, end: 61, words: [{ word: 'late', start: 59.5 }, { word: 'word', start: 59.999 }] };
    expect(renderTranscript({ transcripts: [segment] }, view, { words: true })).toContain('        00:59.50 late  01:00.00 word\n');
  });

  it('wraps to a narrow terminal and keeps every word', () => {
    const narrow = renderTranscript(job, { c: palette(0), width: 44 });
    const conversation = narrow.slice(narrow.indexOf('[00:01]'));
    for (const line of conversation.split('\n')) expect(line.length).toBeLessThanOrEqual(44);
    const block = conversation.slice(conversation.indexOf('[00:34]'), conversation.indexOf('[00:47]')).split('\n');
    // The label leaves under 20 columns for text, so the text starts on the next line.
    expect(block[0]).toBe('[00:34] SPEAKER_00 (Marcus Hill):');
    expect(block.slice(1).join(' ').split(/\s+/).filter(Boolean)).toEqual(job.transcripts?.[4]?.transcription.split(' '));
    expect(conversation).toContain('[00:07] SPEAKER_01: Hi, my internet keeps\n        dropping every evening around seven.');
  });

  it('leaves out what the job does not carry and says why there is no conversation', () => {
    expect(renderTranscript({ status: 'pending' }, view)).toBe('Call Studio transcript\n  status  pending\n\n(no transcript yet: the job is still pending)\n');
    expect(renderTranscript({ title: 'T', status: 'failed', transcripts: [] }, view)).toBe('T\n  status  failed\n\n(no transcript: the job failed)\n');
    expect(renderTranscript({ transcripts: [{ speaker: 'SPEAKER_00', transcription: 'Hi.', start: 0, end: 1 }] }, view, { words: true })).toBe(
      'Call Studio transcript\n\n[00:00] SPEAKER_00: Hi.\n',
    );
  });

  it('gives each speaker one colour for the whole conversation', () => {
    const report = renderTranscript(job, { c: palette(1), width: 80 });
    expect(report.match(/\u001b\[36mSPEAKER_00\u001b\[39m/g)).toHaveLength(4);
    expect(report.match(/\u001b\[35mSPEAKER_01\u001b\[39m/g)).toHaveLength(4);
    expect(report).toContain('\u001b[32mcompleted\u001b[39m');
  });
});
