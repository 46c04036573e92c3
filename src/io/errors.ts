import { ExitCode } from './exit-codes.js';

/**
 * A failure we can explain: one line of cause and, where there is one, the
 * next step. Anything else reaching the top is a bug and is reported as such.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: ExitCode = ExitCode.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, hint, ExitCode.usage);
    this.name = 'UsageError';
  }
}
