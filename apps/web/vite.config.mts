import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** docs/web.md: built into dist/web, served by the API process at / (hashed file names under /assets/). */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline script or style in index.html (the CSP allows none); small assets stay files, not data: URLs in JS.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  // `npx vite --config apps/web/vite.config.ts` during development: the API runs separately on :3000.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
