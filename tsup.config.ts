import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const chalkSource = dirname(createRequire(import.meta.url).resolve('chalk'));

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  // Code splitting keeps each command's dependencies in its own chunk, so
  // `--version` and `--help` never load undici, zod or the prompts.
  splitting: true,
  sourcemap: true,
  clean: true,
  // Every command starts by loading these two: bundled, they are one chunk
  // to read instead of a dozen files to resolve, and commander's CommonJS
  // needs no export scan. Together that was ~10 ms of each start.
  noExternal: ['commander', 'chalk'],
  // Keeps `node:` on built-ins, so that the plugin below sees them.
  removeNodeProtocol: false,
  // Bundled CommonJS (commander) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __vhhCreateRequire } from 'node:module'; const require = __vhhCreateRequire(import.meta.url);" },
  esbuildPlugins: [
    {
      // chalk detects colour support when imported, loading node:tty and
      // node:os (~5 ms), for default instances we never use: src/io/colour.ts
      // decides the level and passes it to every Chalk it makes. Its
      // no-detection variant (the one chalk ships for browsers) skips that.
      name: 'chalk-without-detection',
      setup(build) {
        build.onResolve({ filter: /^#supports-color$/ }, () => ({ path: join(chalkSource, 'vendor/supports-color/browser.js') }));
      },
    },
    {
      // commander requires node:child_process when loaded (~3 ms with what
      // it pulls in) for stand-alone executable subcommands, which we do not
      // have: it gets a stand-in that loads the module on first use.
      name: 'commander-lazy-child-process',
      setup(build) {
        build.onResolve({ filter: /^(node:)?child_process$/ }, ({ importer }) =>
          importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-built-in' } : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'lazy-built-in' }, ({ path }) => ({
          contents: `module.exports = new Proxy({}, { get: (_, key) => require('node:${path}')[key] });`,
          loader: 'js',
        }));
      },
    },
  ],
});
