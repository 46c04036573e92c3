#!/usr/bin/env node
'use strict';

// `--version` alone is answered before the CLI loads (commander and the
// command catalog), so it costs little more than starting Node. The number
// is read from package.json, as the CLI's own --version does.
const [flag, ...rest] = process.argv.slice(2);
if ((flag === '--version' || flag === '-v') && rest.length === 0) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/cli.cjs');
}
