#!/usr/bin/env node
'use strict';

// package.json's engines field is only advice to npm: on an older Node the
// CLI would fail later with an error about some missing API instead.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const [flag, ...rest] = process.argv.slice(2);
if (major < 20 || (major === 20 && minor < 18)) {
  process.stderr.write(`error: voicehub-hooks needs Node.js 20.18 or newer, and this is v${process.versions.node}\n  install a current Node.js (https://nodejs.org) and run it again\n`);
  process.exitCode = 1;
} else if ((flag === '--version' || flag === '-v') && rest.length === 0) {
  // Answered before the CLI loads (commander and the command catalog), so it
  // costs little more than starting Node. The number is read from
  // package.json, as the CLI's own --version does.
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/cli.cjs');
}
