import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findFixture, packageRoot } from '../fixtures/catalog.js';

export interface StandInRequest {
  /** 1 for the first request the stand-in received. */
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface StandInAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer only after this long: a slow API. */
  delayMs?: number;
}

/** Takes over a request before the fixtures answer it; `undefined` lets the fixtures answer. */
export type Intercept = (request: StandInRequest) => StandInAnswer | undefined;

export interface StandInOptions {
  /** When set, requests without this `x-dq-api-key` get 401, as from the real API. */
  apiKey?: string;
  intercept?: Intercept;
}

export interface StandInApi {
  /** Use as --base-url: `http://127.0.0.1:<port>/api/v1`. */
  baseUrl: string;
  /** The ids the bundled fixtures answer for. */
  ids: { callId: string; jobId: string };
  requests: StandInRequest[];
  intercept(next: Intercept | undefined): void;
  close(): Promise<void>;
}

interface Served {
  callId: string;
  jobId: string;
  callAnalysis: string;
  studioAnalysis: string;
  transcript: string;
}

function readApiFixture(name: string, root: string): string {
  const fixture = findFixture(name, root);
  if (!fixture) throw new Error(`the bundled fixture api/${name}.json is missing`);
  return readFileSync(fixture.file, 'utf8');
}

function loadFixtures(root: string): Served {
  const callAnalysis = readApiFixture('call-analysis', root);
  const transcript = readApiFixture('callstudio-transcript', root);
  // The Call Studio analysis and transcript describe the same job (fixtures/README.md).
  return {
    callId: String((JSON.parse(callAnalysis) as { callId: unknown }).callId),
    jobId: String((JSON.parse(transcript) as { _id: unknown })._id),
    callAnalysis,
    studioAnalysis: readApiFixture('callstudio-analysis', root),
    transcript,
  };
}

const apiError = (status: number, message: string): StandInAnswer => ({ status, body: JSON.stringify({ statusCode: status, message }) });

function route(method: string, path: string, served: Served): StandInAnswer {
  if (method !== 'GET') return apiError(405, `Cannot ${method} ${path}`);
  const ok = (body: string): StandInAnswer => ({ status: 200, body });
  const id = decodeURIComponent(path.split('/').pop() ?? '');
  const serve = (known: string, body: string, what: string) => (id === known ? ok(body) : apiError(404, `${what} not found`));
  if (path.startsWith('/api/v1/call-analysis/callstudio/')) return serve(served.jobId, served.studioAnalysis, 'Call Studio analysis');
  if (path.startsWith('/api/v1/call-analysis/')) return serve(served.callId, served.callAnalysis, 'Call analysis');
  if (path.startsWith('/api/v1/playground/')) return serve(served.jobId, served.transcript, 'Call Studio job');
  return apiError(404, `Cannot GET ${path}`);
}

function send(res: ServerResponse, answer: StandInAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(answer.body ?? '');
}

/**
 * A local VoiceHub API on 127.0.0.1 serving the bundled API fixtures at the
 * documented paths, checking `x-dq-api-key` like the real one. For `demo`,
 * for trying `fetch` without an account, and for tests.
 */
export async function startStandInApi(options: StandInOptions = {}): Promise<StandInApi> {
  const served = loadFixtures(packageRoot());
  let intercept = options.intercept;
  const requests: StandInRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const request: StandInRequest = { n: requests.length + 1, method: req.method ?? 'GET', path, headers: req.headers };
    requests.push(request);
    const answer =
      options.apiKey !== undefined && req.headers['x-dq-api-key'] !== options.apiKey
        ? apiError(401, 'Invalid or missing API key')
        : (intercept?.(request) ?? route(request.method, path, served));
    if (!answer.delayMs) return send(res, answer);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, answer);
    }, answer.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    ids: { callId: served.callId, jobId: served.jobId },
    requests,
    intercept: (next) => {
      intercept = next;
    },
    close: () =>
      new Promise((resolve) => {
        timers.forEach((timer) => clearTimeout(timer));
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
