import { platformProfiles, type Platform, type PlatformProfile, type RetryPolicy } from '../events/platforms.js';

export type DetectedPlatform = Platform | 'unknown';

/**
 * An unrecognised payload is sent the VoiceHub way, as `platformHeaders`
 * does: VoiceHub is what most users of this tool are integrating.
 */
export function profileFor(platform: DetectedPlatform): PlatformProfile {
  return platform === 'unknown' ? platformProfiles.callstudio : platformProfiles[platform];
}

export function isPlatform(name: string | undefined): name is Platform {
  return name !== undefined && Object.hasOwn(platformProfiles, name);
}

/** What the user set explicitly; anything left out comes from the platform's defaults. */
export interface PolicyOverrides {
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
}

export function policyFor(platform: DetectedPlatform, overrides: PolicyOverrides): RetryPolicy {
  const { defaults } = profileFor(platform);
  return {
    retries: overrides.retries ?? defaults.retries,
    retryDelayMs: overrides.retryDelayMs ?? defaults.retryDelayMs,
    timeoutMs: overrides.timeoutMs ?? defaults.timeoutMs,
  };
}
