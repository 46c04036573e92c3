/**
 * Whether a .gitignore at a folder's root ignores the file `name` in that
 * folder. Covers what people write for .env (`.env`, `/.env`, `*.env`,
 * `.env*`, `**\/.env`, negations); the last matching line wins, as in git.
 */
export function gitignoreIgnores(text: string, name: string): boolean {
  let ignored = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\//, '').replace(/^\*\*\//, '');
    // A pattern with a slash in it, or one that only matches folders, cannot match a file at the root by this name.
    if (pattern.includes('/')) continue;
    if (globToRegExp(pattern).test(name)) ignored = !negated;
  }
  return ignored;
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
