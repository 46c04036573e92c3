import type { ChalkInstance } from 'chalk';
import type { CallStudioTranscript, TranscriptSegment } from '../schemas/api.js';
import { clock, duration, rows, tone, type View } from './layout.js';
import { printable, printableLines } from './printable.js';
import { hangingWrap, pack } from './wrap.js';

/** A Call Studio job with every field optional, so drifted responses still render. */
export type TranscriptView = Partial<CallStudioTranscript>;

export interface TranscriptOptions {
  /** Show each word with its start time under its segment. */
  words?: boolean;
}

const speakerPalette = ['cyan', 'magenta', 'yellow', 'green', 'blue'] as const;

/** Diarisation names speakers SPEAKER_00, SPEAKER_01…: each keeps one colour for the whole conversation. */
function speakerColours(segments: readonly TranscriptSegment[], c: ChalkInstance): (speaker: string) => string {
  const order = [...new Set(segments.map((segment) => segment.speaker))];
  return (speaker) => {
    const colour = speakerPalette[order.indexOf(speaker) % speakerPalette.length] ?? 'cyan';
    return c[colour](printable(speaker));
  };
}

/** `mm:ss.cc`: word timings are a fraction of a second apart. */
function preciseClock(seconds: number): string {
  const hundredths = Math.round(seconds * 100);
  return `${clock(Math.floor(hundredths / 100))}.${String(hundredths % 100).padStart(2, '0')}`;
}

function header(job: TranscriptView, view: View): string[] {
  const { c } = view;
  const facts: [string, string][] = [];
  // Every fact but the numbers is the API's text: escaped before it is coloured.
  if (job._id) facts.push(['job', printable(job._id)]);
  if (job.status) facts.push(['status', tone(c, printable(job.status), ['completed'], ['failed'])]);
  if (typeof job.durationInSeconds === 'number') facts.push(['duration', duration(job.durationInSeconds)]);
  if (job.file) facts.push(['file', printable(job.file)]);
  if (job.workspaceId) facts.push(['workspace', printable(job.workspaceId)]);
  if (job.createdAt) facts.push(['created', printable(job.createdAt)]);
  if (job.totalCreditsUsed !== undefined) facts.push(['credits used', String(job.totalCreditsUsed)]);
  return [c.bold(printable(job.title ?? 'Call Studio transcript')), ...rows(facts, view)];
}

function emptyNote(status: string | undefined): string {
  if (status === 'pending') return '(no transcript yet: the job is still pending)';
  if (status === 'failed') return '(no transcript: the job failed)';
  return '(no transcript segments)';
}

function segmentLines(segment: TranscriptSegment, paint: (speaker: string) => string, view: View, options: TranscriptOptions): string[] {
  const { c } = view;
  const stamp = `[${clock(segment.start)}] `;
  const name = segment.userName ? ` (${printable(segment.userName)})` : '';
  // Continuation lines go under the speaker, so long names do not squeeze the text.
  const lines = [hangingWrap(`${c.dim(stamp)}${paint(segment.speaker)}${name}: `, printableLines(segment.transcription), view.width, stamp.length)];
  if (options.words && segment.words?.length) {
    const pad = ' '.repeat(stamp.length);
    const timed = segment.words.map((word) => `${c.dim(preciseClock(word.start))} ${printable(word.word)}`);
    lines.push(...pack(timed, view.width - pad.length, '  ').map((line) => `${pad}${line}`));
  }
  return lines;
}

/**
 * The job's diarised conversation: one line per segment, `[mm:ss] SPEAKER
 * (name): text`, wrapped under the text, optionally with word timings.
 */
export function renderTranscript(job: TranscriptView, view: View, options: TranscriptOptions = {}): string {
  const segments = job.transcripts ?? [];
  const paint = speakerColours(segments, view.c);
  const body =
    segments.length === 0
      ? [view.c.dim(emptyNote(job.status))]
      : segments.flatMap((segment) => segmentLines(segment, paint, view, options));
  return `${[...header(job, view), '', ...body].join('\n')}\n`;
}
