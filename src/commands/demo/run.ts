import { randomBytes, randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { apiAccess } from '../../api/access.js';
import { startStandInApi } from '../../api/standin.js';
import { sleep } from '../../delivery/deliver.js';
import { demoScript, type DemoStep } from '../../demo/script.js';
import { renderIntro, renderNextSteps } from '../../demo/text.js';
import { demoProblems } from '../../demo/verify.js';
import { listFixtures } from '../../fixtures/catalog.js';
import type { Io } from '../../io/context.js';
import { CliError } from '../../io/errors.js';
import { ExitCode } from '../../io/exit-codes.js';
import { defaultMaxBody, parseListenOptions } from '../../listen/options.js';
import { formatVerdict } from '../../render/attempt.js';
import { planPayloads } from '../../replay/build-plan.js';
import type { PlanItem } from '../../replay/plan.js';
import { runSequence, type DeliveryOutcome, type SequenceListener } from '../../replay/sequence.js';
import { startListen, type ListenSession } from '../listen/run.js';

export interface DemoFlags {
  /** Milliseconds between deliveries, so a person can follow. */
  gap: number;
  json?: boolean;
}

/** The stand-in answers at once; anything slower means something is wrong. */
const resultFetchTimeoutMs = 5_000;

/** The sending side, one dim line per delivery on stderr: the receiver's output is the show. */
function sendingNotes(io: Io): SequenceListener {
  const note = (text: string) => io.stderr.write(`${io.err.dim(text)}\n`);
  return {
    onStart: (delivery, _policy, copy) =>
      note(copy > 1 ? `  → sending ${delivery.label} again with the same eventId, as a platform retry does: handle it once` : `  → sending ${delivery.label}`),
    onAttempt() {},
    onEnd: ({ delivery, policy, result }) => {
      if (!result.ok) io.stderr.write(`${formatVerdict(result, policy, delivery.request.url, io.err).join('\n')}\n`);
    },
  };
}

/**
 * Sends one step at a time and waits until the receiver has printed it (and
 * fetched what it announces) before the next, so the story reads in order
 * even with no gap.
 */
async function deliverAll(io: Io, items: readonly PlanItem[], steps: readonly DemoStep[], session: ListenSession, gapMs: number): Promise<DeliveryOutcome[]> {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const listener = sendingNotes(io);
  const outcomes: DeliveryOutcome[] = [];
  try {
    for (const [index, item] of items.entries()) {
      if (index > 0 && gapMs > 0) await sleep(gapMs);
      const duplicate = steps[index]?.twice === true;
      outcomes.push(...(await runSequence([item], { gapMs, duplicate, dispatcher }, listener)));
      await session.idle();
    }
  } finally {
    await dispatcher.destroy();
  }
  return outcomes;
}

/**
 * `voicehub-hooks demo`: a receiver as `listen` runs it (no tunnel, no log),
 * a stand-in API serving the bundled fixtures, and the replay engine sending
 * a call and a Call Studio job into it. Everything stays on 127.0.0.1 and
 * stops by itself.
 */
export async function runDemo(io: Io, flags: DemoFlags): Promise<ExitCode> {
  const json = flags.json === true;
  // With --json, stdout carries the receiver's NDJSON only; the prose goes to stderr.
  const prose = json ? { stream: io.stderr, c: io.err } : { stream: io.stdout, c: io.out };
  prose.stream.write(renderIntro(prose.c));
  // Made up per run: the stand-in checks the key and the receiver the secret, as the real ones do.
  const apiKey = `dq_demo_${randomBytes(12).toString('hex')}`;
  const secret = `whsec_demo_${randomBytes(12).toString('hex')}`;
  const api = await startStandInApi({ apiKey });
  let problems: string[];
  try {
    const resultAccess = await apiAccess(io, { apiKey, baseUrl: api.baseUrl }, resultFetchTimeoutMs);
    const raw = { host: '127.0.0.1', port: '0', log: false as const, maxBody: defaultMaxBody, tunnel: false, secret, json, fetchAnalysis: true };
    const session = await startListen(io, parseListenOptions(raw, io.cwd, io.env), { resultAccess });
    const steps = demoScript(listFixtures(), api.ids, api.baseUrl);
    const plan = planPayloads(
      steps.map((step) => step.payload),
      { target: session.localUrl, secret, keepIds: false, assignments: [], overrides: {} },
      { now: () => new Date(), newId: randomUUID },
    );
    let outcomes: DeliveryOutcome[] = [];
    try {
      outcomes = await deliverAll(io, plan.items, steps, session, flags.gap);
    } finally {
      await session.stop();
    }
    problems = demoProblems(steps, outcomes, api);
  } finally {
    await api.close();
  }
  if (problems.length > 0) {
    throw new CliError(`the demo did not complete: ${problems.join('; ')}`, 'the output above shows the step that failed; please report it with that output');
  }
  prose.stream.write(renderNextSteps(prose.c));
  return ExitCode.ok;
}
