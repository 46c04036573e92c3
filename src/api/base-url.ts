// On its own so that the options of `fetch` and `listen`, defined at every
// start, can show it without loading target.ts's node:net.
export const defaultBaseUrl = 'https://voicehub.dataqueue.ai/api/v1';
