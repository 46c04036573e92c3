import type { Command } from 'commander';
import type { Io } from '../io/context.js';
import type { ExitCode } from '../io/exit-codes.js';

/** Turns a command's work into a commander action; the exit code it returns is the process's. */
export type Act = <A extends unknown[]>(work: (...args: A) => Promise<ExitCode | void>) => (...args: A) => Promise<void>;

/**
 * Gives a command the program already lists (by name and description, see
 * catalog.ts) its arguments, options, examples and action. Its work lives in
 * a sibling `run.ts` loaded on demand, so `--help` stays instant.
 */
export type DefineCommand = (command: Command, io: Io, act: Act) => void;
