import { describe, expect, it } from 'vitest';
import { listFixtures } from '../src/fixtures/catalog.js';
import { UsageError } from '../src/io/errors.js';
import { userAgent } from '../src/io/user-agent.js';
import { parseJsonText } from '../src/replay/json-text.js';
import { makeTemplate, prepareDelivery, secretNote, type PrepareContext } from '../src/replay/prepare.js';
import { policyFor } from '../src/replay/profile.js';
import { buildScenario } from '../src/replay/scenarios.js';
import { parseAssignment } from '../src/replay/set-path.js';
import { closestName } from '../src/replay/suggest.js';
import { fixtureBody } from './helpers/replay.js';

const fixtures = listFixtures();
const bundled = (name: string) => ({ label: name, body: fixtureBody(name) });

function context(overrides: Partial<PrepareContext> = {}): PrepareContext {
  let n = 0;
  let clock = Date.parse('2030-01-01T00:00:00.000Z');
  return {
    url: 'http://127.0.0.1:9/hook',
    keepIds: false,
    now: () => new Date((clock += 1000)),
    newId: () => `id-${++n}`,
    ...overrides,
  };
}

const bodyOf = (delivery: { request: { body: string | Uint8Array } }) => JSON.parse(String(delivery.request.body)) as Record<string, unknown>;

describe('prepareDelivery', () => {
  it('gives each delivery a fresh eventId and timestamp, in the body and the VoiceHub headers', () => {
    const template = makeTemplate(bundled('CallStatusChanged'), []);
    const ctx = context({ secret: 's3cret' });
    const first = prepareDelivery(template, ctx);
    const second = prepareDelivery(template, ctx);
    expect(bodyOf(first)).toMatchObject({ eventId: 'id-1', timestamp: '2030-01-01T00:00:01.000Z', callId: 'call_7f3a9c2e41b8' });
    expect(first.request.headers).toEqual({
      'content-type': 'application/json',
      'x-event-type': 'CallStatusChanged',
      'x-event-id': 'id-1',
      'x-timestamp': '2030-01-01T00:00:01.000Z',
      'x-webhook-secret': 's3cret',
      'user-agent': userAgent,
    });
    expect(first.eventId).toBe('id-1');
    expect(second.request.headers['x-event-id']).toBe('id-2');
    expect(bodyOf(second).eventId).toBe('id-2');
  });

  it('sends ids and timestamps as written with keepIds', () => {
    const original = bundled('CallStudioJobStatusChanged').body as Record<string, unknown>;
    const delivery = prepareDelivery(makeTemplate(bundled('CallStudioJobStatusChanged'), []), context({ keepIds: true }));
    expect(bodyOf(delivery)).toEqual(original);
    expect(delivery.request.headers['x-event-id']).toBe(original.eventId);
    expect(delivery.request.headers['x-timestamp']).toBe(original.timestamp);
  });

  it('keeps a field the user set instead of refreshing it', () => {
    const template = makeTemplate(bundled('CallStatusChanged'), ['eventId=evt-mine', 'status=failed'].map(parseAssignment));
    const delivery = prepareDelivery(template, context());
    expect(bodyOf(delivery)).toMatchObject({ eventId: 'evt-mine', status: 'failed', timestamp: '2030-01-01T00:00:01.000Z' });
    expect(delivery.request.headers['x-event-id']).toBe('evt-mine');
    expect(template.warnings).toEqual([]);
  });

  it('reports schema drift a --set introduces, without refusing it', () => {
    const template = makeTemplate(bundled('CallStatusChanged'), [parseAssignment('status=ringing')]);
    expect(template.warnings).toHaveLength(1);
    expect(template.warnings[0]).toMatch(/^status: /);
  });

  it.each(['CONNECTED', 'PostCall'])('sends %s with no VoiceHub headers, no secret and the payload untouched', (name) => {
    const original = bundled(name).body;
    const delivery = prepareDelivery(makeTemplate(bundled(name), []), context({ secret: 's3cret' }));
    expect(delivery.request.headers).toEqual({ 'content-type': 'application/json', 'user-agent': userAgent });
    expect(bodyOf(delivery)).toEqual(original);
    expect(delivery.eventId).toBeUndefined();
    expect(secretNote(delivery.platform, 's3cret')).toMatch(/carry no secret header/);
    expect(secretNote(delivery.platform, undefined)).toBeUndefined();
  });

  it('sends an unrecognised payload the VoiceHub way without adding fields to it', () => {
    const template = makeTemplate({ label: 'x.json', body: { hello: 'world' } }, []);
    const delivery = prepareDelivery(template, context());
    expect(template.platform).toBe('unknown');
    expect(bodyOf(delivery)).toEqual({ hello: 'world' });
    expect(delivery.request.headers['x-event-id']).toBe('id-1');
    expect(delivery.request.headers['x-event-type']).toBeUndefined();
  });
});

describe('policyFor', () => {
  it('takes the platform defaults and the explicit flags over them', () => {
    expect(policyFor('callstudio', {})).toEqual({ retries: 3, retryDelayMs: 1000, timeoutMs: 10_000 });
    expect(policyFor('voicehub-call', {})).toEqual({ retries: 3, retryDelayMs: 1000, timeoutMs: 10_000 });
    expect(policyFor('postcall', {})).toMatchObject({ retries: 0, timeoutMs: 10_000 });
    expect(policyFor('voxia', {})).toMatchObject({ retries: 0 });
    expect(policyFor('postcall', { retries: 2, timeoutMs: 50 })).toEqual({ retries: 2, retryDelayMs: 1000, timeoutMs: 50 });
    expect(policyFor('unknown', { retries: 0 })).toEqual({ retries: 0, retryDelayMs: 1000, timeoutMs: 10_000 });
  });
});

describe('buildScenario', () => {
  it('walks a call through its statuses, recordings and analysis under one fresh callId', () => {
    const events = buildScenario('call', fixtures, () => 'abc123') as { label: string; body: Record<string, unknown> }[];
    expect(events.map((e) => e.label)).toEqual([
      'CallStatusChanged (queued)',
      'CallStatusChanged (started)',
      'CallStatusChanged (in-progress)',
      'CallStatusChanged (completed)',
      'RecordingsAvailable',
      'AnalysisResultReady',
    ]);
    expect(events.map((e) => e.body.status).slice(0, 4)).toEqual(['queued', 'started', 'in-progress', 'completed']);
    expect(new Set(events.map((e) => e.body.callId))).toEqual(new Set(['call_abc123']));
    expect(events[5]?.body.analysisResultUrl).toBe('https://voicehub.dataqueue.ai/api/v1/call-analysis/call_abc123');
  });

  it.each([
    ['callstudio-analysis', 'CallStudioJobAnalysisResultReady', 'analysisResultUrl', '/call-analysis/callstudio/job_j1'],
    ['callstudio-transcript', 'CallStudioJobTranscriptReady', 'transcriptUrl', '/playground/job_j1'],
  ] as const)('runs a Call Studio job %s: pending, completed, then %s', (name, last, urlField, urlEnd) => {
    const events = buildScenario(name, fixtures, () => 'j1') as { body: Record<string, unknown> }[];
    expect(events.map((e) => [e.body.eventType, e.body.status])).toEqual([
      ['CallStudioJobStatusChanged', 'pending'],
      ['CallStudioJobStatusChanged', 'completed'],
      [last, undefined],
    ]);
    expect(new Set(events.map((e) => e.body.jobId))).toEqual(new Set(['job_j1']));
    expect(String(events[2]?.body[urlField])).toMatch(new RegExp(`${urlEnd}$`));
  });
});

describe('parseJsonText', () => {
  it.each([
    ['{"a": }', 1, 7],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['nope', 1, 2],
    ['{"a":1,}', 1, 8],
    ['', 1, 1],
    ['{"a": [1, 2}', 1, 12],
  ])('names the line and column of %j', (text, line, column) => {
    expect(() => parseJsonText(text, 'payload.json')).toThrow(new RegExp(`^payload\\.json is not valid JSON: .* at line ${line}, column ${column}$`));
  });

  it('accepts a byte order mark and is a usage error otherwise', () => {
    expect(parseJsonText('\uFEFF{"a":1}', 'x')).toEqual({ a: 1 });
    expect(() => parseJsonText('{', 'x')).toThrow(UsageError);
  });
});

describe('closestName', () => {
  const names = fixtures.map((f) => f.name);
  it('suggests the fixture a typo meant, and nothing for gibberish', () => {
    expect(closestName('CallStatusChange', names)).toBe('CallStatusChanged');
    expect(closestName('callstatuschangd', names)).toBe('CallStatusChanged');
    expect(closestName('hangup', names)).toBe('HANG_UP');
    expect(closestName('postcal', names)).toBe('PostCall');
    expect(closestName('zzzzzzzz', names)).toBeUndefined();
  });
});
