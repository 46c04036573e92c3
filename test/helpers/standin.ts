import type { ApiAccess } from '../../src/api/retrieve.js';
import { startStandInApi, type StandInApi } from '../../src/api/standin.js';
import { parseBaseUrl } from '../../src/api/target.js';
import { perTest } from './per-test.js';

/** startStandInApi for the tests of the enclosing block (or file): each stand-in is closed after its test. */
export const perTestStandIns = () => perTest(startStandInApi);

/** What the client needs to reach a stand-in with `apiKey`, as `apiAccess` would give it. */
export function standInAccess(api: StandInApi, apiKey: string): ApiAccess {
  return { apiKey, baseUrl: parseBaseUrl(api.baseUrl), allowHosts: [], timeoutMs: 2_000 };
}
