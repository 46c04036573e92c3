import { fsProblem } from '../io/fs-errors.js';
import type { LogRecord } from '../log/record.js';
import type { LogSink } from '../log/writer.js';

interface Entry {
  record: LogRecord;
  /** `problem` is why the record's line is not in the log; undefined when it is. */
  written: (problem: string | undefined) => void;
  failed: (error: unknown) => void;
}

/**
 * Appends the records of one turn of the event loop in one write: under a
 * burst that is one `write` (and one check of the path) for many deliveries
 * instead of one each, which was most of the receiver's cost. Each record's
 * delivery hears of its own line, in the order they were added.
 */
export class LogBatch {
  private readonly waiting: Entry[] = [];

  /** `onResult` hears of every write: undefined when it went through whole, else why not. */
  constructor(
    private readonly log: LogSink,
    private readonly onResult: (problem: string | undefined) => void,
  ) {}

  /** `written` runs once the write is done; `failed` when the sink itself broke, or `written` threw. */
  add(record: LogRecord, written: Entry['written'], failed: Entry['failed']): void {
    if (this.waiting.push({ record, written, failed }) === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const batch = this.waiting.splice(0);
    let problem: string | undefined;
    let whole: number;
    try {
      const appended = this.log.append(batch.map((entry) => entry.record));
      whole = appended.written;
      problem = whole < batch.length ? fsProblem(appended.error) : undefined;
    } catch (error) {
      for (const { failed } of batch) failed(error);
      return;
    }
    this.onResult(problem);
    batch.forEach(({ written, failed }, index) => {
      try {
        written(index < whole ? undefined : problem);
      } catch (error) {
        failed(error);
      }
    });
  };
}
