import type { ApiDeps, ApiResponse, ApiSettings } from './client.js';
import { checkResult, type CheckedResult } from './result.js';
import { assertKeyMayGo, type KeyPolicy, type ResultKind } from './target.js';
import { fetchResult, noWait, type WaitPolicy } from './wait.js';

/** Everything needed to call the API on the user's behalf. */
export type ApiAccess = ApiSettings & KeyPolicy;

export interface Retrieved {
  response: ApiResponse;
  checked: CheckedResult;
}

/** Checks where the key may go, fetches (waiting if asked), validates. Shared by `fetch` and `listen --fetch-analysis`. */
export async function retrieve(kind: ResultKind, url: URL, access: ApiAccess, policy: WaitPolicy = noWait, deps: ApiDeps = {}): Promise<Retrieved> {
  assertKeyMayGo(url, access);
  const response = await fetchResult(kind, url, access, policy, deps);
  return { response, checked: checkResult(kind, response) };
}
