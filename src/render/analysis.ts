import type { ChalkInstance } from 'chalk';
import type { CallStudioAnalysisResult, Sentiment, SpeakerSummary } from '../schemas/api.js';
import { bullets, clock, duration, paragraph, rows, section, tone, type Row, type View } from './layout.js';
import { printable, printableLines } from './printable.js';
import { hangingWrap } from './wrap.js';

/**
 * Any analysis, call or Call Studio, with every field optional: a response
 * that drifted from the schema is still shown as far as it goes. Every text
 * in it is the API's, so it goes through `printable` before it is coloured.
 */
export type AnalysisView = Partial<CallStudioAnalysisResult>;

const seconds = (value: number) => `${value.toFixed(1)} s`;
const signed = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(2)}`;

const sentimentLabel = (c: ChalkInstance, label: string) => tone(c, printable(label), ['positive'], ['negative']);
const resolutionLabel = (c: ChalkInstance, status: string) => tone(c, printable(status), ['solved', 'resolved'], ['unsolved', 'unresolved']);

function keywordRows(positive: readonly string[] | undefined, negative: readonly string[] | undefined, c: ChalkInstance): Row[] {
  const found: Row[] = [];
  if (positive?.length) found.push(['', printable(positive.join(', ')), `${c.green('+')} `]);
  if (negative?.length) found.push(['', printable(negative.join(', ')), `${c.red('-')} `]);
  return found;
}

function sentimentRows(side: string, sentiment: Sentiment | undefined, c: ChalkInstance): Row[] {
  if (!sentiment) return [];
  return [
    [side, `${sentimentLabel(c, sentiment.label)} ${signed(sentiment.score)}`],
    ...keywordRows(sentiment.positiveKeywords, sentiment.negativeKeywords, c),
  ];
}

function sideList(result: AnalysisView): [string, SpeakerSummary][] {
  const sides: [string, SpeakerSummary | undefined][] = [
    ['user', result.userSummary],
    ['assistant', result.assistantSummary],
    ['total', result.totalSummary],
  ];
  return sides.filter((entry): entry is [string, SpeakerSummary] => entry[1] !== undefined);
}

function statisticsTable(result: AnalysisView, view: View): string[] {
  const sides = sideList(result);
  if (sides.length === 0) return [];
  const measures: [string, (side: SpeakerSummary) => string][] = [
    ['speech', (side) => seconds(side.totalSpeechDuration)],
    ['silence', (side) => seconds(side.totalSilenceDuration)],
    ['interruptions', (side) => seconds(side.totalInterruptionDuration)],
    ['words per second', (side) => side.wps.toFixed(2)],
  ];
  const labelWidth = Math.max(...measures.map(([label]) => label.length));
  const columnWidth = Math.max(...sides.map(([name]) => name.length), 8) + 2;
  const cells = (values: string[]) => values.map((value) => value.padStart(columnWidth)).join('');
  const { c } = view;
  return [
    `  ${' '.repeat(labelWidth)}${c.dim(cells(sides.map(([name]) => name)))}`,
    ...measures.map(([label, measure]) => `  ${c.dim(label.padEnd(labelWidth))}${cells(sides.map(([, side]) => measure(side)))}`),
  ];
}

function keyPhraseRows(result: AnalysisView, view: View): string[] {
  const entries = sideList(result).flatMap(([name, side]) => {
    const phrases = keywordRows(side.keyPhrases?.positive, side.keyPhrases?.negative, view.c);
    return phrases.map(([, text, marker], index): Row => [index === 0 ? name : '', text, marker]);
  });
  return rows(entries, view);
}

function valueText(value: unknown): string {
  return typeof value === 'string' ? printableLines(value) : printable(JSON.stringify(value) ?? String(value));
}

const speakerColour = (c: ChalkInstance, speaker: string) =>
  speaker === 'assistant' ? c.cyan(speaker) : speaker === 'user' ? c.magenta(speaker) : c.yellow(printable(speaker));

function header(result: AnalysisView, title: string, view: View): string[] {
  const facts: string[] = [];
  if (result.duration !== undefined) facts.push(`duration ${duration(result.duration)}`);
  if (result.createdAt) facts.push(`created ${printable(result.createdAt)}`);
  return [view.c.bold(printable(title)), ...(facts.length ? [view.c.dim(hangingWrap('  ', facts.join(' · '), view.width))] : [])];
}

function outcomeRows(result: AnalysisView, view: View): Row[] {
  const { c } = view;
  const found: Row[] = [];
  if (result.resolutionStatus) found.push(['resolution', resolutionLabel(c, result.resolutionStatus)]);
  if (result.empathyScore !== undefined) found.push(['empathy score', String(result.empathyScore)]);
  if (result.userInterruptionsCount !== undefined) found.push(['user interruptions', String(result.userInterruptionsCount)]);
  return found;
}

/**
 * The analysis as a report a person reads top to bottom: what happened, how
 * it felt, what was extracted, then the numbers and the conversation.
 * Sections the response does not carry are left out.
 */
export function renderAnalysis(result: AnalysisView, title: string, view: View): string {
  const { c } = view;
  const sentiment = [
    ...sentimentRows('overall', result.sentiment ?? result.totalSummary?.sentiment, c),
    ...sentimentRows('user', result.userSummary?.sentiment, c),
    ...sentimentRows('assistant', result.assistantSummary?.sentiment, c),
  ];
  const variables = Object.entries(result.extractedVariables ?? {}).map(([name, value]): Row => [printable(name), valueText(value)]);
  const transcript = (result.transcriptAnalysis ?? []).map((line) => {
    const stamp = `  [${clock(line.start)}] `;
    // Continuation lines go under the speaker, so long names do not squeeze the text.
    return hangingWrap(`${c.dim(stamp)}${speakerColour(c, line.speaker)}: `, printableLines(line.text), view.width, stamp.length);
  });
  const lines = [
    ...header(result, title, view),
    ...section('Summary', result.summary ? paragraph(printableLines(result.summary), view) : [], view),
    ...section('Outcome', rows(outcomeRows(result, view), view), view),
    ...section('Sentiment', rows(sentiment, view), view),
    ...section('Main topics', bullets((result.mainTopics ?? []).map(printable), view), view),
    ...section('Loyalty indicators', bullets((result.loyaltyIndicators ?? []).map(printable), view), view),
    ...section('Extracted variables', rows(variables, view), view),
    ...section('Speech statistics', statisticsTable(result, view), view),
    ...section('Key phrases', keyPhraseRows(result, view), view),
    ...section('Recordings', bullets((result.recordingUrls ?? []).map(printable), view), view),
    ...section('Transcript', transcript, view),
  ];
  return `${lines.join('\n')}\n`;
}
