import { detectEvent } from '../events/detect.js';
import { platformProfiles } from '../events/platforms.js';
import { eventKinds } from '../events/registry.js';
import { readFixture, type BundledFixture } from '../fixtures/catalog.js';

export interface FixtureInfo {
  fixture: BundledFixture;
  /** The event type it delivers, or for API fixtures the request that returns it. */
  eventType: string;
  description: string;
}

const apiResponses: Record<string, { request: string; description: string }> = {
  'call-analysis': { request: 'GET /api/v1/call-analysis/<callId>', description: "a call's analysis, fetched from analysisResultUrl" },
  'callstudio-analysis': { request: 'GET /api/v1/call-analysis/callstudio/<jobId>', description: "a Call Studio job's analysis" },
  'callstudio-transcript': { request: 'GET /api/v1/playground/<jobId>', description: "a Call Studio job's transcript" },
};

const groupTitle = (platform: BundledFixture['platform']): string =>
  platform === 'api' ? 'VoiceHub API responses' : platformProfiles[platform].title;

export function describeFixture(fixture: BundledFixture): FixtureInfo {
  if (fixture.platform === 'api') {
    const api = apiResponses[fixture.name];
    return { fixture, eventType: api?.request ?? 'API response', description: api?.description ?? 'a VoiceHub API response' };
  }
  const { eventType } = detectEvent(readFixture(fixture));
  const kind =
    eventKinds.find((k) => k.platform === fixture.platform && k.eventType === eventType) ??
    eventKinds.find((k) => k.platform === fixture.platform);
  return { fixture, eventType, description: kind?.description ?? '' };
}

/** Fixtures grouped by platform, in catalog order. */
export function groupByPlatform(infos: readonly FixtureInfo[]): { title: string; infos: FixtureInfo[] }[] {
  const groups = new Map<string, FixtureInfo[]>();
  for (const info of infos) {
    const title = groupTitle(info.fixture.platform);
    groups.set(title, [...(groups.get(title) ?? []), info]);
  }
  return [...groups].map(([title, members]) => ({ title, infos: members }));
}
