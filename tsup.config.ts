import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const chalkSource = dirname(createRequire(import.meta.url).resolve('chalk'));

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  // CommonJS, because Node loads it synchronously, file by file, where each
  // ES module costs an asynchronous resolve, read and link: with the ES module
  // loader's own start-up that was about 8 ms of every `--help` and more of
  // `listen`, whose work spans a dozen chunks. The sources stay ES modules;
  // tsup splits the bundle as ES modules, then rewrites each chunk.
  format: ['cjs'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  // Code splitting keeps each command's dependencies in its own chunk, so
  // `--version` and `--help` never load undici, zod or the prompts.
  splitting: true,
  sourcemap: true,
  clean: true,
  // commander and chalk: every command starts by loading them, and bundled
  // they are one chunk instead of a dozen files to resolve. ora (and what it
  // uses) is ES modules only, which CommonJS cannot require on every Node 20.
  noExternal: ['commander', 'chalk', 'ora'],
  // Keeps `node:` on built-ins, so that the plugin below sees them.
  removeNodeProtocol: false,
  // A CommonJS chunk has no import.meta; the one use (finding the package
  // root from a module's own path) gets the same URL from __filename.
  define: { 'import.meta.url': '__vhhModuleUrl' },
  banner: { js: "const __vhhModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  esbuildPlugins: [
    {
      // chalk detects colour support when imported, loading node:tty and
      // node:os (~5 ms), for default instances we never use: src/io/colour.ts
      // decides the level and passes it to every Chalk it makes, and
      // src/io/spinner.ts colours ora's frames with it. Its no-detection
      // variant (the one chalk ships for browsers) skips that.
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
