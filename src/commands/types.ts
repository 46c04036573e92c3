import type { Command } from 'commander';
import type { Io } from '../io/context.js';
import type { ExitCode } from '../io/exit-codes.js';

/** Turns a command's work into a commander action; the exit code it returns is the process's. */
export type Act = <A extends unknown[]>(work: (...args: A) => Promise<ExitCode | void>) => (...args: A) => Promise<void>;

/**
 * Each command module declares its options and examples only; its work lives
 * in a sibling `run.ts` loaded on demand, so `--help` stays instant.
 */
export type DefineCommand = (program: Command, io: Io, act: Act) => void;
