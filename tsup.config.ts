import { defineConfig } from 'tsup';

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
});
