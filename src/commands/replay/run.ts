import { randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { listEventFixtures, listFixtures } from '../../fixtures/catalog.js';
import type { Io } from '../../io/context.js';
import { CliError, UsageError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { startSpinner } from '../../io/spinner.js';
import { printable } from '../../render/printable.js';
import { buildPlan, noTarget, type Plan } from '../../replay/build-plan.js';
import { dryRunJson, formatDryRun } from '../../replay/dry-run.js';
import { describeFixture } from '../../replay/fixture-info.js';
import { runLoad } from '../../replay/load.js';
import { formatLoadSummary, loadJson, progressText } from '../../replay/load-report.js';
import { resolveReplayConfig, type LoadSettings, type ReplayConfig, type ReplayFlags } from '../../replay/options.js';
import { sequenceReporter, sequenceSummary } from '../../replay/report.js';
import { runSequence } from '../../replay/sequence.js';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new UsageError('"-" reads the payload from stdin, but stdin is a terminal', 'pipe one in: cat payload.json | voicehub-hooks replay - --to <url>');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function pick(): Promise<string> {
  const { pickFixture } = await import('../../replay/picker.js');
  try {
    return await pickFixture({ fixtures: listEventFixtures().map(describeFixture) });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CliError('cancelled: no fixture picked');
    throw error;
  }
}

function printDryRun(io: Io, config: ReplayConfig, plan: Plan): ExitCode {
  for (const item of plan.items) {
    const delivery = item.build();
    io.stdout.write(config.output === 'json' ? `${JSON.stringify(dryRunJson(delivery))}\n` : `${formatDryRun(delivery, io.out)}\n`);
  }
  if (config.output !== 'json') {
    const load = config.load ? `load mode would send ${config.load.total} deliveries, ${config.load.concurrency} in flight; ` : '';
    const twice = config.duplicate ? 'each twice; ' : '';
    io.stderr.write(`${io.err.dim(`dry run: ${load}${twice}nothing was sent`)}\n`);
  }
  return ExitCode.ok;
}

/** Ctrl-C stops sending and still prints what happened; a second one exits at once. */
function interruptible(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, release: () => process.off('SIGINT', onInterrupt) };
}

async function sendSequence(io: Io, config: ReplayConfig, plan: Plan, signal: AbortSignal): Promise<ExitCode> {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  try {
    const listener = await sequenceReporter(io, config.output, signal);
    const outcomes = await runSequence(plan.items, { gapMs: config.gapMs, duplicate: config.duplicate, dispatcher, signal }, listener);
    const planned = plan.items.length * (config.duplicate ? 2 : 1);
    const summary = config.output === 'json' ? undefined : sequenceSummary(outcomes, planned, io);
    if (summary) io.stdout.write(`${summary}\n`);
    return outcomes.length === planned && outcomes.every((outcome) => outcome.result.ok) ? ExitCode.ok : ExitCode.failure;
  } finally {
    await dispatcher.destroy();
  }
}

async function sendLoad(io: Io, config: ReplayConfig, load: LoadSettings, plan: Plan, signal: AbortSignal): Promise<ExitCode> {
  const { total, concurrency } = load;
  const url = config.target ?? noTarget;
  const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const progress = await startSpinner(io, progressText(0, total));
  try {
    const result = await runLoad(plan.items, {
      total,
      concurrency,
      dispatcher,
      signal,
      onProgress: (done) => progress.update(progressText(done, total)),
    });
    progress.stop();
    io.stdout.write(config.output === 'json' ? `${JSON.stringify(loadJson(result, url, concurrency))}\n` : `${formatLoadSummary(result, url, concurrency, io.out)}\n`);
    return result.failed === 0 && !result.interrupted ? ExitCode.ok : ExitCode.failure;
  } finally {
    progress.stop();
    await dispatcher.destroy();
  }
}

export async function runReplay(io: Io, fixtures: string[], flags: ReplayFlags): Promise<ExitCode> {
  const config = resolveReplayConfig(fixtures, flags);
  const plan = await buildPlan(config, {
    cwd: io.cwd,
    fixtures: listFixtures(),
    readStdin,
    ...(io.interactive && config.output !== 'json' ? { pick } : {}),
    now: () => new Date(),
    newId: randomUUID,
    newShortId: () => randomBytes(6).toString('hex'),
  });
  if (config.output !== 'quiet') {
    // Notes quote labels and warnings from the payloads, which a replayed log holds from anyone who posted.
    for (const note of plan.notes) io.stderr.write(`${io.err.yellow('note:')} ${printable(note)}\n`);
  }
  if (config.dryRun) return printDryRun(io, config, plan);
  const { signal, release } = interruptible();
  try {
    const code = config.load ? await sendLoad(io, config, config.load, plan, signal) : await sendSequence(io, config, plan, signal);
    if (signal.aborted) io.stderr.write(`${io.err.yellow('interrupted:')} stopped sending\n`);
    return code;
  } finally {
    release();
  }
}
