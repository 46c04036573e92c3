import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client.js';
import { describeEventResult, fetchEventResult } from '../src/api/events.js';
import { startStandInApi, type StandInApi } from '../src/api/standin.js';
import { parseBaseUrl } from '../src/api/target.js';
import { UsageError } from '../src/io/errors.js';
import { palette } from '../src/io/colour.js';

const event = (path: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${path}.json`, import.meta.url), 'utf8'));
const base = parseBaseUrl('https://voicehub.dataqueue.ai/api/v1');
const view = { c: palette(0), width: 80 };

describe('describeEventResult', () => {
  it('takes the URL an event carries', () => {
    expect(describeEventResult(event('voicehub-call/AnalysisResultReady'), base)).toEqual({
      kind: 'analysis',
      url: 'https://voicehub.dataqueue.ai/api/v1/call-analysis/call_7f3a9c2e41b8',
    });
    expect(describeEventResult(event('callstudio/CallStudioJobAnalysisResultReady'), base)).toEqual({
      kind: 'analysis',
      url: 'https://voicehub.dataqueue.ai/api/v1/call-analysis/callstudio/job_5d21e8a0c4f7',
    });
    expect(describeEventResult(event('callstudio/CallStudioJobTranscriptReady'))).toEqual({
      kind: 'transcript',
      url: 'https://voicehub.dataqueue.ai/api/v1/playground/job_5d21e8a0c4f7',
    });
  });

  it('builds the documented URL from the id when the optional URL is missing', () => {
    const local = parseBaseUrl('http://127.0.0.1:4010/api/v1');
    const { analysisResultUrl: _a, ...studio } = event('callstudio/CallStudioJobAnalysisResultReady');
    expect(describeEventResult(studio, local)?.url).toBe('http://127.0.0.1:4010/api/v1/call-analysis/callstudio/job_5d21e8a0c4f7');
    const { transcriptUrl: _t, ...transcript } = event('callstudio/CallStudioJobTranscriptReady');
    expect(describeEventResult(transcript, local)?.url).toBe('http://127.0.0.1:4010/api/v1/playground/job_5d21e8a0c4f7');
    const { analysisResultUrl: _c, ...call } = event('voicehub-call/AnalysisResultReady');
    expect(describeEventResult(call, local)?.url).toBe('http://127.0.0.1:4010/api/v1/call-analysis/call_7f3a9c2e41b8');
  });

  it('announces nothing for other events and for bodies that are not events', () => {
    expect(describeEventResult(event('callstudio/CallStudioJobStatusChanged'), base)).toBeUndefined();
    expect(describeEventResult(event('voicehub-call/RecordingsAvailable'), base)).toBeUndefined();
    expect(describeEventResult({ eventType: 'CallStudioJobTranscriptReady' }, base)).toBeUndefined();
    expect(describeEventResult('AnalysisResultReady', base)).toBeUndefined();
    expect(describeEventResult(null, base)).toBeUndefined();
  });
});

describe('fetchEventResult (for listen --fetch-analysis)', () => {
  const apiKey = 'sk_listen_5b6c7d8e';
  let api: StandInApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  async function access() {
    api = await startStandInApi({ apiKey });
    return { apiKey, baseUrl: parseBaseUrl(api.baseUrl), allowHosts: [], timeoutMs: 2_000 };
  }

  /** The fixture event with its result URL moved onto the stand-in, as `demo` would send it. */
  const local = (path: string, field: string) => {
    const body = event(path);
    body[field] = String(body[field]).replace('https://voicehub.dataqueue.ai/api/v1', api?.baseUrl ?? '');
    return body;
  };

  it('renders the report for each result event', async () => {
    const settings = await access();
    const studio = await fetchEventResult(local('callstudio/CallStudioJobAnalysisResultReady', 'analysisResultUrl'), settings, view);
    expect(studio).toContain('Call Studio analysis job_5d21e8a0c4f7');
    expect(studio).toContain('resolution          unsolved');
    const call = await fetchEventResult(local('voicehub-call/AnalysisResultReady', 'analysisResultUrl'), settings, view);
    expect(call).toContain('Call analysis call_7f3a9c2e41b8');
    const transcript = await fetchEventResult(local('callstudio/CallStudioJobTranscriptReady', 'transcriptUrl'), settings, view);
    expect(transcript).toContain('[00:01] SPEAKER_00 (Marcus Hill): Thanks for calling Lumio support');
    expect(api?.requests.every((request) => request.headers['x-dq-api-key'] === apiKey)).toBe(true);
  });

  it('returns undefined, without a request, for events that carry no result', async () => {
    const settings = await access();
    expect(await fetchEventResult(event('callstudio/CallStudioJobStatusChanged'), settings, view)).toBeUndefined();
    expect(api?.requests).toHaveLength(0);
  });

  it('refuses a payload URL on another host before any request', async () => {
    const settings = await access();
    const error = await fetchEventResult(event('callstudio/CallStudioJobAnalysisResultReady'), settings, view).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('refusing to send the API key to voicehub.dataqueue.ai');
    expect(api?.requests).toHaveLength(0);
  });

  it('throws a printable ApiError, free of the key, when the API fails', async () => {
    const settings = await access();
    api?.intercept(() => ({ status: 401, body: JSON.stringify({ message: `bad key ${apiKey}` }) }));
    const error = await fetchEventResult(local('callstudio/CallStudioJobTranscriptReady', 'transcriptUrl'), settings, view).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('the API rejected the key');
    expect((error as ApiError).message).not.toContain(apiKey);
  });
});
