import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: dual ESM + CommonJS with declarations for both.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node18',
    external: ['@opentelemetry/api'],
  },
]);
