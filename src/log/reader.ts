import { readFile } from 'node:fs/promises';
import { describeIssues } from '../events/detect.js';
import { UsageError } from '../io/errors.js';
import { fsProblem } from '../io/fs-errors.js';
import { LogRecord } from './record.js';

export interface LogEntry {
  /** 1-based, as an editor shows it. */
  line: number;
  record: LogRecord;
}

export interface LogProblem {
  line: number;
  reason: string;
}

export interface ParsedLog {
  entries: LogEntry[];
  /** Lines skipped, in order; never a reason to drop the good ones. */
  problems: LogProblem[];
}

function parseLine(text: string): { record: LogRecord } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const result = LogRecord.safeParse(value);
  return result.success ? { record: result.data } : { reason: `not a listen log record (${describeIssues(result.error).join('; ')})` };
}

/**
 * Reads a `listen` JSONL log. A last line without its newline is what a
 * listener still writing (or killed mid-write) leaves behind: it is reported
 * as torn rather than as corrupt.
 */
export function parseLog(text: string): ParsedLog {
  const lines = text.split('\n');
  const endsCleanly = text.endsWith('\n');
  const entries: LogEntry[] = [];
  const problems: LogProblem[] = [];
  lines.forEach((raw, index) => {
    const content = raw.replace(/\r$/, '');
    if (content.trim() === '') return;
    const line = index + 1;
    const parsed = parseLine(content);
    if ('record' in parsed) entries.push({ line, record: parsed.record });
    else if (!endsCleanly && index === lines.length - 1) problems.push({ line, reason: 'torn last line: the listener was still writing it or stopped mid-write' });
    else problems.push({ line, reason: parsed.reason });
  });
  return { entries, problems };
}

/** `shownAs` is the path as the user typed it, for the error message. */
export async function readLog(path: string, shownAs = path): Promise<ParsedLog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read log ${shownAs}: ${fsProblem(error)}`, 'pass the log "voicehub-hooks listen" writes (by default .voicehub-hooks/events.jsonl)');
  }
  return parseLog(text);
}
