import { describeIssues } from '../events/detect.js';
import { renderAnalysis, type AnalysisView } from '../render/analysis.js';
import { driftWarnings, type View } from '../render/layout.js';
import { renderTranscript, type TranscriptOptions, type TranscriptView } from '../render/transcript.js';
import { CallAnalysisResult, CallStudioAnalysisResult, CallStudioTranscript } from '../schemas/api.js';
import type { ApiResponse } from './client.js';
import { salvage } from './salvage.js';
import type { ResultKind } from './target.js';
import { isPending } from './wait.js';

/** A fetched result checked against its schema, ready to render. */
export type CheckedResult =
  | { kind: 'analysis'; title: string; data: AnalysisView | undefined; warnings: string[] }
  | { kind: 'transcript'; data: TranscriptView | undefined; pending: boolean; warnings: string[] };

const lastSegment = (url: URL) => decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');

/**
 * Call and Call Studio analyses share a shape except for `callId`; the URL
 * says which one was asked for, and failing that the `callId` does.
 */
function isCallStudio(url: URL, json: unknown): boolean {
  if (url.pathname.includes('/call-analysis/callstudio/')) return true;
  if (url.pathname.includes('/call-analysis/')) return false;
  const callId = typeof json === 'object' && json !== null ? (json as { callId?: unknown }).callId : undefined;
  return typeof callId !== 'string';
}

/** Validates without ever rejecting: drift becomes warnings, and whatever still parses is kept. */
export function checkResult(kind: ResultKind, response: ApiResponse): CheckedResult {
  const url = new URL(response.url);
  const { json } = response;
  if (kind === 'transcript') {
    const result = CallStudioTranscript.safeParse(json);
    return {
      kind,
      data: result.success ? result.data : salvage(CallStudioTranscript.partial(), json),
      pending: isPending(kind, json),
      warnings: result.success ? [] : describeIssues(result.error),
    };
  }
  const studio = isCallStudio(url, json);
  const schema = studio ? CallStudioAnalysisResult : CallAnalysisResult;
  const result = schema.safeParse(json);
  const data: AnalysisView | undefined = result.success ? result.data : salvage(schema.partial(), json);
  const id = studio ? lastSegment(url) : (data?.callId ?? lastSegment(url));
  return {
    kind,
    title: `${studio ? 'Call Studio analysis' : 'Call analysis'} ${id}`.trim(),
    data,
    warnings: result.success ? [] : describeIssues(result.error),
  };
}

/** The readable report, with any drift listed under it. */
export function renderResult(checked: CheckedResult, view: View, options: TranscriptOptions = {}): string {
  const drift = driftWarnings(checked.warnings, view);
  const tail = drift.length > 0 ? `${drift.join('\n')}\n` : '';
  if (checked.data === undefined) return `${view.c.yellow('nothing in the response could be shown')}\n${tail}`;
  const report = checked.kind === 'analysis' ? renderAnalysis(checked.data, checked.title, view) : renderTranscript(checked.data, view, options);
  return `${report}${tail}`;
}
