import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { detectEvent } from '../src/events/detect.js';
import { listEventFixtures, listFixtures, readFixture } from '../src/fixtures/catalog.js';
import { CallAnalysisResult, CallStudioAnalysisResult, CallStudioTranscript } from '../src/schemas/index.js';

const apiSchemas: Record<string, z.ZodType> = {
  'call-analysis': CallAnalysisResult,
  'callstudio-analysis': CallStudioAnalysisResult,
  'callstudio-transcript': CallStudioTranscript,
};

describe('bundled fixtures', () => {
  it('has one fixture per event type of every platform and per API response', () => {
    expect(listFixtures().map((f) => `${f.platform}/${f.name}`).sort()).toEqual(
      [
        'api/call-analysis',
        'api/callstudio-analysis',
        'api/callstudio-transcript',
        'callstudio/CallStudioJobAnalysisResultReady',
        'callstudio/CallStudioJobStatusChanged',
        'callstudio/CallStudioJobTranscriptReady',
        'postcall/PostCall',
        'voicehub-call/AnalysisResultReady',
        'voicehub-call/CallStatusChanged',
        'voicehub-call/RecordingsAvailable',
        'voxia/CONNECTED',
        'voxia/HANG_UP',
        'voxia/POST_PROCESSING_FINISHED',
      ].sort(),
    );
  });

  it.each(listEventFixtures().map((f) => [f.name, f] as const))('event %s is detected and valid against its schema', (_name, fixture) => {
    const detection = detectEvent(readFixture(fixture));
    expect(detection.platform).toBe(fixture.platform);
    expect(detection.known).toBe(true);
    expect(detection.warnings).toEqual([]);
  });

  it.each(Object.entries(apiSchemas))('API response %s matches its schema', (name, schema) => {
    const fixture = listFixtures().find((f) => f.name === name);
    expect(fixture).toBeDefined();
    const result = schema.safeParse(fixture && readFixture(fixture));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});

describe('detectEvent', () => {
  it('prefers the body eventType and flags a header that disagrees', () => {
    const body = { eventType: 'RecordingsAvailable', eventId: 'e1', callId: 'c1', timestamp: '2026-01-01T00:00:00.000Z' };
    const detection = detectEvent(body, { 'x-event-type': 'CallStatusChanged' });
    expect(detection.eventType).toBe('RecordingsAvailable');
    expect(detection.warnings.join('\n')).toContain('X-Event-Type header says "CallStatusChanged"');
  });

  it('keeps unknown extra fields without a warning and reports a missing required field', () => {
    const ok = detectEvent({ eventType: 'RecordingsAvailable', eventId: 'e1', callId: 'c1', timestamp: '2026-01-01T00:00:00.000Z', extra: true });
    expect(ok.warnings).toEqual([]);
    const drifted = detectEvent({ eventType: 'CallStatusChanged', eventId: 'e1', callId: 'c1', timestamp: '2026-01-01T00:00:00.000Z', status: 'ringing' });
    expect(drifted.known).toBe(true);
    expect(drifted.warnings).toHaveLength(1);
    expect(drifted.warnings[0]).toMatch(/^status: /);
  });

  it('marks unknown event types and non-object bodies as unknown', () => {
    expect(detectEvent({ eventType: 'CallTeleported', eventId: 'e' })).toMatchObject({ known: false, eventType: 'CallTeleported', eventId: 'e' });
    expect(detectEvent([1, 2])).toMatchObject({ known: false, platform: 'unknown' });
    expect(detectEvent({ hello: 'world' })).toMatchObject({ known: false, eventType: 'unknown' });
  });

  it('recognises Voxia by webhookEvent and post-call by its shape', () => {
    expect(detectEvent({ id: 'v1', webhookEvent: 'DIALING' })).toMatchObject({ platform: 'voxia', eventType: 'DIALING', callId: 'v1', warnings: [] });
    expect(detectEvent({ callId: 'p1', recordingUri: 'https://x/y.ogg' })).toMatchObject({ platform: 'postcall', eventType: 'PostCall', callId: 'p1', warnings: [] });
  });
});
