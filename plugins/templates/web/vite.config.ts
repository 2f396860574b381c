import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// The names the web UI's import map publishes. Left external, they resolve in the browser
// to the page's one React, one Konva and its plugin API.
const SHARED_MODULES = [
  'react',
  'react/jsx-runtime',
  'react-dom',
  'react-dom/client',
  'konva',
  'react-konva',
  '@labelcore/plugin-api',
];

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  // React's production build in the bundle; tests keep the development build and its act().
  define: mode === 'test' ? {} : { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: {
    // Tests run the plugin API from the web UI's sources with this package's React.
    alias: (mode === 'test'
      ? { '@labelcore/plugin-api': here('../../../webapp/src/plugin-api/index.ts') }
      : {}) as Record<string, string>,
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: here('../labelcore_templates/web/dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: here('src/index.ts'),
      formats: ['es'],
      fileName: () => 'renderers.js',
    },
    rollupOptions: { external: SHARED_MODULES },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
}));
