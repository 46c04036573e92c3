/**
 * How each platform delivers its webhooks, as its document describes it. The
 * delivery engine is platform-neutral; this is the knowledge `replay` and
 * `listen --forward-to` need to send a payload the way the platform would.
 */
export type Platform = 'voicehub-call' | 'callstudio' | 'voxia' | 'postcall';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  retryDelayMs: number;
  /** Per attempt. */
  timeoutMs: number;
}

export interface PlatformProfile {
  platform: Platform;
  title: string;
  /** Sends `X-Event-Type`, `X-Event-ID`, `X-Timestamp` and `x-webhook-secret`. */
  voiceHubHeaders: boolean;
  /** Body fields that identify one event and are refreshed on every replay. */
  eventIdField?: string;
  timestampField?: string;
  defaults: RetryPolicy;
  /** Where the defaults come from, for `--help` and the README. */
  defaultsSource: string;
}

const voiceHubDefaults: RetryPolicy = { retries: 3, retryDelayMs: 1000, timeoutMs: 10_000 };

export const platformProfiles: Record<Platform, PlatformProfile> = {
  'voicehub-call': {
    platform: 'voicehub-call',
    title: 'VoiceHub call',
    voiceHubHeaders: true,
    eventIdField: 'eventId',
    timestampField: 'timestamp',
    defaults: voiceHubDefaults,
    defaultsSource: 'configurable per agent; Call Studio defaults assumed (3 retries, 1000 ms, 10000 ms)',
  },
  callstudio: {
    platform: 'callstudio',
    title: 'VoiceHub Call Studio',
    voiceHubHeaders: true,
    eventIdField: 'eventId',
    timestampField: 'timestamp',
    defaults: voiceHubDefaults,
    defaultsSource: 'documented defaults: 3 retries, 1000 ms delay, 10000 ms timeout',
  },
  voxia: {
    platform: 'voxia',
    title: 'Voxia campaign',
    voiceHubHeaders: false,
    defaults: { retries: 0, retryDelayMs: 1000, timeoutMs: 10_000 },
    defaultsSource: 'the Voxia document describes no retries, headers or secret',
  },
  postcall: {
    platform: 'postcall',
    title: 'Post-call',
    voiceHubHeaders: false,
    defaults: { retries: 0, retryDelayMs: 1000, timeoutMs: 10_000 },
    defaultsSource: 'documented: 10 s timeout, no retries',
  },
};
