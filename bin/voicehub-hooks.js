#!/usr/bin/env node
import { readFileSync } from 'node:fs';

// `--version` alone is answered before the CLI loads (commander and every
// command's options), so it costs little more than starting Node. The
// number is read from package.json, as the CLI's own --version does.
const [flag, ...rest] = process.argv.slice(2);
if ((flag === '--version' || flag === '-v') && rest.length === 0) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  await import('../dist/cli.js');
}
