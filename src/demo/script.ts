import { defaultBaseUrl } from '../api/target.js';
import type { BundledFixture } from '../fixtures/catalog.js';
import { buildScenario, replaceEverywhere } from '../replay/scenarios.js';
import type { LoadedPayload } from '../replay/sources.js';

/** The ids the stand-in API answers for. */
export interface DemoIds {
  callId: string;
  jobId: string;
}

export interface DemoStep {
  payload: LoadedPayload;
  /** Delivered a second time with the same eventId, as a platform retry arrives. */
  twice: boolean;
}

/** One retried event is enough to show how a duplicate looks; more would bury the rest. */
const retriedEvent = 'RecordingsAvailable';
/** The Call Studio job is shown once: its analysis scenario, then the transcript event of the other. */
const transcriptEvent = 'CallStudioJobTranscriptReady';

/**
 * What the demo sends: a call from queued to its analysis, then a Call Studio
 * job from pending to its analysis and transcript, all on the stand-in's ids
 * and with every result URL moved onto the stand-in, so each fetch stays on
 * this machine.
 */
export function demoScript(fixtures: readonly BundledFixture[], ids: DemoIds, apiBaseUrl: string): DemoStep[] {
  const payloads = [
    ...buildScenario('call', fixtures, ids.callId),
    ...buildScenario('callstudio-analysis', fixtures, ids.jobId),
    ...buildScenario('callstudio-transcript', fixtures, ids.jobId).filter((payload) => payload.label === transcriptEvent),
  ];
  return payloads.map((payload) => ({
    payload: { ...payload, body: replaceEverywhere(payload.body, defaultBaseUrl, apiBaseUrl) },
    twice: payload.label === retriedEvent,
  }));
}
