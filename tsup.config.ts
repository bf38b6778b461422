import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: dual ESM + CommonJS with declarations for both; `./node` is a subpath.
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Configs build in parallel: leave the other configs' outputs alone.
    clean: ['!cli.*', '!demo.*'],
    target: 'node20',
    external: ['@opentelemetry/api'],
  },
  {
    // The CLI (bin `otel-agent-failure`) and the demo (`npm run demo`): ESM, no declarations.
    // The CLI needs no @opentelemetry package at run time; the demo uses the SDK from
    // devDependencies and runs from the repository only (it is not in the package).
    entry: { cli: 'src/cli/main.ts', demo: 'demo/demo.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'node20',
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
    external: [/^@opentelemetry\//],
    // The CLI runs as one file: its only runtime dependency is bundled in.
    noExternal: ['re2js'],
  },
]);
