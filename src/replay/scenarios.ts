import { readFixture, type BundledFixture } from '../fixtures/catalog.js';
import type { ScenarioName } from './scenario-names.js';
import { requireBundledFixture, type LoadedPayload } from './sources.js';

interface Step {
  fixture: string;
  status?: string;
}

interface Scenario {
  /** The id every event of the sequence shares; a fresh one per run, so reruns do not collide. */
  idField: 'callId' | 'jobId';
  idPrefix: string;
  steps: Step[];
}

const jobStart: Step[] = [
  { fixture: 'CallStudioJobStatusChanged', status: 'pending' },
  { fixture: 'CallStudioJobStatusChanged', status: 'completed' },
];

/** The orders follow the seed documents: a call's statuses, then its recordings, then its analysis. */
const scenarios: Record<ScenarioName, Scenario> = {
  call: {
    idField: 'callId',
    idPrefix: 'call_',
    steps: [
      { fixture: 'CallStatusChanged', status: 'queued' },
      { fixture: 'CallStatusChanged', status: 'started' },
      { fixture: 'CallStatusChanged', status: 'in-progress' },
      { fixture: 'CallStatusChanged', status: 'completed' },
      { fixture: 'RecordingsAvailable' },
      { fixture: 'AnalysisResultReady' },
    ],
  },
  'callstudio-analysis': {
    idField: 'jobId',
    idPrefix: 'job_',
    steps: [...jobStart, { fixture: 'CallStudioJobAnalysisResultReady' }],
  },
  'callstudio-transcript': {
    idField: 'jobId',
    idPrefix: 'job_',
    steps: [...jobStart, { fixture: 'CallStudioJobTranscriptReady' }],
  },
};

/** Every string in `value` with `from` replaced, so URLs that embed the id follow it. */
export function replaceEverywhere(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((item) => replaceEverywhere(item, from, to));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceEverywhere(item, from, to)]));
  }
  return value;
}

/**
 * The scenario's events. `id` makes the fresh shared id, or is the id itself
 * when the ids must be known in advance (`demo`, whose stand-in API answers
 * for its fixtures' ids only).
 */
export function buildScenario(name: ScenarioName, fixtures: readonly BundledFixture[], id: (() => string) | string): LoadedPayload[] {
  const scenario = scenarios[name];
  const sharedId = typeof id === 'string' ? id : `${scenario.idPrefix}${id()}`;
  return scenario.steps.map((step) => {
    const fixture = requireBundledFixture(step.fixture, fixtures);
    const original = readFixture(fixture) as Record<string, unknown>;
    const fixtureId = String(original[scenario.idField]);
    const body = replaceEverywhere(original, fixtureId, sharedId) as Record<string, unknown>;
    if (step.status) body.status = step.status;
    return { label: step.status ? `${fixture.name} (${step.status})` : fixture.name, body };
  });
}
