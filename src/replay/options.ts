import { UsageError } from '../io/errors.js';
import { parseHttpUrl } from '../io/http-url.js';
import { defaultLogFile } from '../listen/options.js';
import type { PolicyOverrides } from './profile.js';
import type { ScenarioName } from './scenario-names.js';
import { parseAssignment, type Assignment } from './set-path.js';

/** The options as commander hands them over: numbers are already parsed, --set collected. */
export interface ReplayFlags {
  to?: string;
  secret?: string;
  retries?: number;
  retryDelay?: number;
  timeout?: number;
  keepIds?: boolean;
  set?: string[];
  scenario?: ScenarioName;
  gap: number;
  duplicate?: boolean;
  /** `true` when given without a file and the project file sets no log: listen's default log. */
  fromLog?: string | true;
  event?: string;
  repeat?: number;
  concurrency?: number;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export type ReplaySource =
  | { kind: 'fixtures'; args: string[] }
  | { kind: 'scenario'; name: ScenarioName }
  | { kind: 'log'; path: string; eventId?: string }
  /** Nothing named: ask in a terminal, explain otherwise. */
  | { kind: 'none' };

export type OutputMode = 'human' | 'json' | 'quiet';

export interface LoadSettings {
  total: number;
  concurrency: number;
}

export interface ReplayConfig {
  source: ReplaySource;
  /** Absent only with --dry-run. */
  target?: string;
  secret?: string;
  overrides: PolicyOverrides;
  keepIds: boolean;
  assignments: Assignment[];
  gapMs: number;
  duplicate: boolean;
  load?: LoadSettings;
  dryRun: boolean;
  output: OutputMode;
}

const defaultConcurrency = 10;

function source(args: string[], flags: ReplayFlags): ReplaySource {
  const given = [args.length > 0 && 'fixture arguments', flags.scenario && '--scenario', flags.fromLog && '--from-log'].filter(
    (name): name is string => typeof name === 'string',
  );
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} cannot be combined`, 'choose one source of events');
  if (flags.event !== undefined && !flags.fromLog) throw new UsageError('--event selects a delivery of --from-log', 'add --from-log <file>');
  if (flags.fromLog) {
    const path = flags.fromLog === true ? defaultLogFile : flags.fromLog;
    return { kind: 'log', path, ...(flags.event !== undefined ? { eventId: flags.event } : {}) };
  }
  if (flags.scenario) return { kind: 'scenario', name: flags.scenario };
  return args.length > 0 ? { kind: 'fixtures', args } : { kind: 'none' };
}

function rejectCombinations(flags: ReplayFlags, src: ReplaySource): void {
  const load = flags.repeat !== undefined;
  const conflicts: [boolean, string, string][] = [
    [src.kind === 'log' && (flags.set ?? []).length > 0, '--set cannot change a recorded delivery', '--from-log re-sends it as it was received'],
    [src.kind === 'log' && Boolean(flags.keepIds), '--keep-ids is implied by --from-log', 'drop --keep-ids'],
    [src.kind === 'scenario' && Boolean(flags.keepIds), '--keep-ids cannot be used with --scenario', 'each event of a scenario needs its own eventId'],
    [flags.concurrency !== undefined && !load, '--concurrency needs --repeat', 'e.g. --repeat 200 --concurrency 20'],
    [load && src.kind === 'scenario', '--repeat cannot be used with --scenario', 'load mode sends single events; name a fixture'],
    [load && Boolean(flags.duplicate), '--repeat cannot be used with --duplicate', 'use --duplicate without load mode'],
  ];
  const found = conflicts.find(([applies]) => applies);
  if (found) throw new UsageError(found[1], found[2]);
}

/** Checks the flags together and turns them into what the replay needs; every conflict is a usage error. */
export function resolveReplayConfig(args: string[], flags: ReplayFlags): ReplayConfig {
  const src = source(args, flags);
  rejectCombinations(flags, src);
  if (!flags.to && !flags.dryRun) {
    throw new UsageError('--to <url> is required', 'or set VOICEHUB_HOOKS_TARGET; --dry-run prints the requests without sending');
  }
  const secret = flags.secret === '' ? undefined : flags.secret;
  return {
    source: src,
    ...(flags.to ? { target: parseHttpUrl('--to', flags.to) } : {}),
    ...(secret !== undefined ? { secret } : {}),
    overrides: {
      ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
      ...(flags.retryDelay !== undefined ? { retryDelayMs: flags.retryDelay } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    },
    keepIds: src.kind === 'log' || Boolean(flags.keepIds),
    assignments: (flags.set ?? []).map(parseAssignment),
    gapMs: flags.gap,
    duplicate: Boolean(flags.duplicate),
    ...(flags.repeat !== undefined ? { load: { total: flags.repeat, concurrency: Math.min(flags.concurrency ?? defaultConcurrency, flags.repeat) } } : {}),
    dryRun: Boolean(flags.dryRun),
    output: flags.json ? 'json' : flags.quiet ? 'quiet' : 'human',
  };
}
