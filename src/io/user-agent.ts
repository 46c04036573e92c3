import packageJson from '../../package.json' with { type: 'json' };

/** Every request the tool makes (replay, forwarding, the API) names itself and its version, so a server's logs can tell it apart. */
export const userAgent = `voicehub-hooks/${packageJson.version}`;
