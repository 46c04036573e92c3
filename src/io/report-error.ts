import { printableLines } from '../render/printable.js';
import type { Io } from './context.js';
import { CliError } from './errors.js';
import { ExitCode } from './exit-codes.js';

/**
 * Prints any error as one line (plus a hint), never a stack trace unless asked
 * with DEBUG. Messages often quote what the user or a server supplied, so
 * control characters in them are made visible.
 */
export function reportError(io: Io, error: unknown): ExitCode {
  const { err } = io;
  if (error instanceof CliError) {
    io.stderr.write(`${err.red('error:')} ${printableLines(error.message)}\n`);
    if (error.hint) io.stderr.write(`${err.dim(`  ${printableLines(error.hint)}`)}\n`);
    return error.exitCode;
  }
  const message = printableLines(error instanceof Error ? error.message : String(error));
  io.stderr.write(`${err.red('error:')} unexpected failure: ${message}\n`);
  if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write(`${err.dim('  this is a bug in voicehub-hooks; rerun with DEBUG=1 for the stack and report it')}\n`);
  return ExitCode.failure;
}
