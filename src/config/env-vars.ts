/**
 * The environment variables voicehub-hooks reads, and the only ones it takes
 * from a project's `.env`: that file usually belongs to the user's own app
 * too, and nothing else in it is ours to pick up.
 */
const documentedEnvVars: ReadonlySet<string> = new Set([
  'VOICEHUB_WEBHOOK_SECRET',
  'VOICEHUB_API_KEY',
  'VOICEHUB_BASE_URL',
  'VOICEHUB_HOOKS_TARGET',
  'VOICEHUB_HOOKS_TUNNEL',
  'CLOUDFLARED_BIN',
]);

export function isDocumentedEnvVar(name: string): boolean {
  return documentedEnvVars.has(name);
}
