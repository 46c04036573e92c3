import { sleep } from '../delivery/deliver.js';
import { formatSeconds } from '../render/attempt.js';
import { ApiError, apiGet, type ApiDeps, type ApiResponse, type ApiSettings } from './client.js';
import type { ResultKind } from './target.js';

export interface WaitPolicy {
  /** Poll while the result is missing (404) or the job is `pending`; otherwise one request. */
  wait: boolean;
  waitTimeoutMs: number;
  pollIntervalMs: number;
}

export const noWait: WaitPolicy = { wait: false, waitTimeoutMs: 0, pollIntervalMs: 0 };

/** A transcript whose job is still being processed comes back 200 with `status: "pending"`. */
export function isPending(kind: ResultKind, json: unknown): boolean {
  return kind === 'transcript' && typeof json === 'object' && json !== null && (json as { status?: unknown }).status === 'pending';
}

/**
 * Fetches a result, and with `wait` keeps asking until it is there: an
 * analysis answers 404 until it exists, a transcript answers with its job
 * still `pending`. Any other failure ends the wait at once.
 */
export async function fetchResult(kind: ResultKind, url: URL, settings: ApiSettings, policy: WaitPolicy, deps: ApiDeps = {}): Promise<ApiResponse> {
  const now = deps.now ?? Date.now;
  const pause = deps.sleep ?? sleep;
  const started = now();
  const deadline = started + policy.waitTimeoutMs;
  for (;;) {
    let state: string;
    try {
      const response = await apiGet(url, settings, deps);
      if (!policy.wait || !isPending(kind, response.json)) return response;
      state = 'the job is still pending';
    } catch (error) {
      if (!policy.wait || !(error instanceof ApiError) || error.reason !== 'not-found') throw error;
      state = 'not there yet (HTTP 404)';
    }
    const left = deadline - now();
    if (left <= 0) {
      throw new ApiError(
        `still not ready after ${formatSeconds(now() - started)}: ${state}`,
        'raise --wait-timeout, or check the id and the job in VoiceHub',
        'not-ready',
      );
    }
    const delay = Math.min(policy.pollIntervalMs, left);
    const waited = `waited ${formatSeconds(now() - started)} of ${formatSeconds(policy.waitTimeoutMs)}`;
    deps.onProgress?.(`${state}; asking again in ${formatSeconds(delay)} (${waited})`);
    await pause(delay);
  }
}
