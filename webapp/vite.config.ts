import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

import { SHARED_MODULES } from './scripts/shared-modules.mjs';

const pluginApiSource = fileURLToPath(new URL('./src/plugin-api/index.ts', import.meta.url));

// The app imports React, Konva and the plugin API through the page's import map, exactly
// like a plugin's renderers do, so that the page holds one instance of each.
const importMap = {
  name: 'labelcore-import-map',
  transformIndexHtml: () => [
    {
      tag: 'script',
      attrs: { type: 'importmap' },
      children: JSON.stringify({ imports: SHARED_MODULES }, null, 2),
      injectTo: 'head-prepend' as const,
    },
  ],
};

export default defineConfig(({ mode }) => ({
  plugins: [react(), importMap],
  base: '/',
  resolve: {
    alias: (mode === 'test' ? { '@labelcore/plugin-api': pluginApiSource } : {}) as Record<
      string,
      string
    >,
  },
  build: {
    outDir: fileURLToPath(new URL('../labelcore/static/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      external: Object.keys(SHARED_MODULES),
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
}));
