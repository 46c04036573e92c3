import type { LogRecord } from '../../src/log/record.js';

/** One `listen` log line, as tests write them by hand. */
export function logRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    v: 1,
    receivedAt: '2026-03-12T14:05:13.600Z',
    method: 'POST',
    path: '/webhooks',
    headers: { 'content-type': 'application/json' },
    body: '{"eventType":"RecordingsAvailable"}',
    bodyEncoding: 'utf8',
    status: 200,
    verdict: 'accepted',
    ...overrides,
  };
}
