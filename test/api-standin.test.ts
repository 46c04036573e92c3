import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandInApi } from '../src/api/standin.js';
import { perTestStandIns } from './helpers/standin.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/api/${name}.json`, import.meta.url), 'utf8');

describe('stand-in VoiceHub API', () => {
  const startStandIn = perTestStandIns();
  let api: StandInApi | undefined;

  const get = (path: string, key?: string) => fetch(`${api?.baseUrl}${path}`, { headers: key ? { 'x-dq-api-key': key } : {} });

  it('serves each API fixture byte for byte at its documented path', async () => {
    api = await startStandIn({ apiKey: 'sk_standin_1' });
    expect(api.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(api.ids).toEqual({ callId: 'call_7f3a9c2e41b8', jobId: 'job_5d21e8a0c4f7' });
    const cases = [
      ['/call-analysis/call_7f3a9c2e41b8', 'call-analysis'],
      ['/call-analysis/callstudio/job_5d21e8a0c4f7', 'callstudio-analysis'],
      ['/playground/job_5d21e8a0c4f7', 'callstudio-transcript'],
    ] as const;
    for (const [path, name] of cases) {
      const res = await get(path, 'sk_standin_1');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(fixture(name));
    }
  });

  it('answers 401 without the right key, 404 for unknown ids, 405 for other methods', async () => {
    api = await startStandIn({ apiKey: 'sk_standin_1' });
    expect((await get('/playground/job_5d21e8a0c4f7')).status).toBe(401);
    expect((await get('/playground/job_5d21e8a0c4f7', 'sk_wrong')).status).toBe(401);
    const missing = await get('/playground/job_unknown', 'sk_standin_1');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ statusCode: 404, message: 'Call Studio job not found' });
    expect((await get('/call-analysis/call_unknown', 'sk_standin_1')).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/playground/job_5d21e8a0c4f7`, { method: 'POST', headers: { 'x-dq-api-key': 'sk_standin_1' } })).status).toBe(405);
  });

  it('without a key configured, answers anyone; records every request', async () => {
    api = await startStandIn();
    expect((await get('/playground/job_5d21e8a0c4f7')).status).toBe(200);
    expect(api.requests.map((request) => [request.n, request.method, request.path])).toEqual([[1, 'GET', '/api/v1/playground/job_5d21e8a0c4f7']]);
  });

  it('lets an intercept answer first, after the key check, and answer late', async () => {
    api = await startStandIn({ apiKey: 'sk_standin_1' });
    api.intercept((request) => (request.n === 1 ? { status: 503, body: 'busy', delayMs: 100 } : undefined));
    expect((await get('/playground/job_5d21e8a0c4f7')).status).toBe(401);
    api.intercept((request) => (request.n === 2 ? { status: 503, body: 'busy', delayMs: 100 } : undefined));
    const started = Date.now();
    const busy = await get('/playground/job_5d21e8a0c4f7', 'sk_standin_1');
    expect([busy.status, await busy.text()]).toEqual([503, 'busy']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect((await get('/playground/job_5d21e8a0c4f7', 'sk_standin_1')).status).toBe(200);
  });
});
