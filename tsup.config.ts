import { readFile } from 'node:fs/promises';
import { defineConfig, type Options } from 'tsup';

// The rule data and the learned model (~1 MiB) inlined as `JSON.parse("…")` rather than as
// object literals: V8 scans a string literal and runs JSON.parse far faster than it parses
// and evaluates a 1 MiB literal (import of the library: ~250 -> ~130 ms CPU). Same values.
const jsonAsParse: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /[\\/]rules[\\/][^\\/]+\.json$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};

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
    esbuildPlugins: [jsonAsParse],
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
    esbuildPlugins: [jsonAsParse],
  },
]);
