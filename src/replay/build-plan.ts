import { resolve } from 'node:path';
import type { BundledFixture } from '../fixtures/catalog.js';
import { UsageError } from '../io/errors.js';
import { readLog } from '../log/reader.js';
import { deliveryFromLog, missingSecretNote, selectEntries } from './from-log.js';
import type { ReplayConfig } from './options.js';
import type { PlanItem } from './plan.js';
import { makeTemplate, prepareDelivery, secretNote, type PrepareContext, type Template } from './prepare.js';
import { policyFor } from './profile.js';
import { buildScenario } from './scenarios.js';
import { loadPayloads, type LoadedPayload } from './sources.js';

export interface PlanDeps {
  cwd: string;
  fixtures: readonly BundledFixture[];
  readStdin: () => Promise<string>;
  /** Asks which fixture to send; absent when nobody can answer. */
  pick?: () => Promise<string>;
  now: () => Date;
  newId: () => string;
  newShortId: () => string;
}

export interface Plan {
  items: PlanItem[];
  /** One-line remarks for stderr: skipped log lines, schema drift, a secret that will not be sent. */
  notes: string[];
}

/** Shown where the URL would be when --dry-run runs without --to. */
export const noTarget = '<--to not given>';

const missingFixture = () =>
  new UsageError(
    'no fixture to replay',
    'name one, e.g. "voicehub-hooks replay CallStatusChanged --to <url>", give a JSON file or - for stdin; "voicehub-hooks fixtures" lists the bundled ones',
  );

async function payloadsFor(config: ReplayConfig, deps: PlanDeps): Promise<LoadedPayload[]> {
  const { source } = config;
  const loadDeps = { cwd: deps.cwd, fixtures: deps.fixtures, readStdin: deps.readStdin };
  if (source.kind === 'scenario') return buildScenario(source.name, deps.fixtures, deps.newShortId);
  if (source.kind === 'fixtures') return loadPayloads(source.args, loadDeps);
  if (!deps.pick) throw missingFixture();
  return loadPayloads([await deps.pick()], loadDeps);
}

async function logPlan(config: ReplayConfig, path: string, eventId: string | undefined, cwd: string): Promise<Plan> {
  const log = await readLog(resolve(cwd, path), path);
  const { entries, skipped } = selectEntries(log.entries, eventId, path);
  const problems = [...log.problems, ...skipped].sort((a, b) => a.line - b.line);
  const notes = problems.map((problem) => `skipped ${path} line ${problem.line}: ${problem.reason}`);
  const secretMissing = missingSecretNote(entries, config.secret);
  const context = { url: config.target ?? noTarget, ...(config.secret ? { secret: config.secret } : {}) };
  const items = entries.map((entry) => {
    const delivery = deliveryFromLog(entry, context);
    return { policy: policyFor(delivery.platform, config.overrides), build: () => delivery };
  });
  return { items, notes: secretMissing ? [...notes, secretMissing] : notes };
}

function driftNotes(template: Template): string[] {
  if (template.platform === 'unknown') {
    return [`${template.label} is not a recognised event (${template.warnings.join('; ')}); it is sent with VoiceHub headers`];
  }
  return template.warnings.map((warning) => `${template.label} does not match the documented ${template.eventType}: ${warning}`);
}

/** What turning payloads into deliveries needs from the replay settings. */
export type PayloadPlanConfig = Pick<ReplayConfig, 'target' | 'secret' | 'keepIds' | 'assignments' | 'overrides'>;

/** Everything to send, in order, whatever the source. */
export async function buildPlan(config: ReplayConfig, deps: PlanDeps): Promise<Plan> {
  if (config.source.kind === 'log') return logPlan(config, config.source.path, config.source.eventId, deps.cwd);
  return planPayloads(await payloadsFor(config, deps), config, deps);
}

/** The deliveries for payloads already loaded, one per payload, in order. */
export function planPayloads(payloads: readonly LoadedPayload[], config: PayloadPlanConfig, deps: Pick<PlanDeps, 'now' | 'newId'>): Plan {
  const templates = payloads.map((payload) => makeTemplate(payload, config.assignments));
  const context: PrepareContext = {
    url: config.target ?? noTarget,
    ...(config.secret ? { secret: config.secret } : {}),
    keepIds: config.keepIds,
    now: deps.now,
    newId: deps.newId,
  };
  const notes = templates.flatMap(driftNotes);
  const secretNotes = new Set(templates.map((template) => secretNote(template.platform, config.secret)).filter((note) => note !== undefined));
  const items = templates.map((template) => ({
    policy: policyFor(template.platform, config.overrides),
    build: () => prepareDelivery(template, context),
  }));
  return { items, notes: [...notes, ...secretNotes] };
}
