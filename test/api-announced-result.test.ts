import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client.js';
import { renderResult } from '../src/api/result.js';
import { describeEventResult, fetchEventResult } from '../src/api/announced-result.js';
import type { StandInApi } from '../src/api/standin.js';
import { parseBaseUrl } from '../src/api/target.js';
import { UsageError } from '../src/io/errors.js';
import { palette } from '../src/io/colour.js';
import { standInAccess, perTestStandIns } from './helpers/standin.js';

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
  const startStandIn = perTestStandIns();
  let api: StandInApi | undefined;

  async function access() {
    api = await startStandIn({ apiKey });
    return standInAccess(api, apiKey);
  }

  /** The fixture event with its result URL moved onto the stand-in, as `demo` would send it. */
  const local = (path: string, field: string) => {
    const body = event(path);
    body[field] = String(body[field]).replace('https://voicehub.dataqueue.ai/api/v1', api?.baseUrl ?? '');
    return body;
  };

  /** What `listen` prints under the event. */
  const rendered = async (body: unknown, settings: Awaited<ReturnType<typeof access>>) => {
    const fetched = await fetchEventResult(body, settings);
    return fetched === undefined ? undefined : renderResult(fetched.checked, view);
  };

  it('fetches and checks the result for each result event, ready to render', async () => {
    const settings = await access();
    const studio = await rendered(local('callstudio/CallStudioJobAnalysisResultReady', 'analysisResultUrl'), settings);
    expect(studio).toContain('Call Studio analysis job_5d21e8a0c4f7');
    expect(studio).toContain('resolution          unsolved');
    const call = await rendered(local('voicehub-call/AnalysisResultReady', 'analysisResultUrl'), settings);
    expect(call).toContain('Call analysis call_7f3a9c2e41b8');
    const transcript = await rendered(local('callstudio/CallStudioJobTranscriptReady', 'transcriptUrl'), settings);
    expect(transcript).toContain('[00:01] SPEAKER_00 (Marcus Hill): Thanks for calling Lumio support');
    expect(api?.requests.every((request) => request.headers['x-dq-api-key'] === apiKey)).toBe(true);
  });

  it('says what it fetched from where, with the schema-checked data', async () => {
    const settings = await access();
    const fetched = await fetchEventResult(local('callstudio/CallStudioJobTranscriptReady', 'transcriptUrl'), settings);
    expect(fetched).toMatchObject({ kind: 'transcript', url: `${api?.baseUrl}/playground/job_5d21e8a0c4f7` });
    expect(fetched?.checked).toMatchObject({ kind: 'transcript', pending: false, warnings: [], data: { _id: 'job_5d21e8a0c4f7', status: 'completed' } });
  });

  it('takes the key out of everything the API sends back, names included', async () => {
    const settings = await access();
    api?.intercept(() => ({ status: 200, body: JSON.stringify({ callId: 'call_1', summary: `echo ${apiKey}`, extractedVariables: { [apiKey]: [apiKey] } }) }));
    const fetched = await fetchEventResult(local('voicehub-call/AnalysisResultReady', 'analysisResultUrl'), settings);
    const text = JSON.stringify(fetched);
    expect(text).not.toContain(apiKey);
    expect(fetched?.checked.data).toMatchObject({ summary: 'echo [redacted]', extractedVariables: { '[redacted]': ['[redacted]'] } });
  });

  it('returns undefined, without a request, for events that carry no result', async () => {
    const settings = await access();
    expect(await fetchEventResult(event('callstudio/CallStudioJobStatusChanged'), settings)).toBeUndefined();
    expect(api?.requests).toHaveLength(0);
  });

  it('refuses a payload URL on another host before any request', async () => {
    const settings = await access();
    const error = await fetchEventResult(event('callstudio/CallStudioJobAnalysisResultReady'), settings).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('refusing to send the API key to voicehub.dataqueue.ai');
    expect(api?.requests).toHaveLength(0);
  });

  it('throws a printable ApiError, free of the key, when the API fails', async () => {
    const settings = await access();
    api?.intercept(() => ({ status: 401, body: JSON.stringify({ message: `bad key ${apiKey}` }) }));
    const error = await fetchEventResult(local('callstudio/CallStudioJobTranscriptReady', 'transcriptUrl'), settings).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('the API rejected the key');
    expect((error as ApiError).message).not.toContain(apiKey);
  });
});
