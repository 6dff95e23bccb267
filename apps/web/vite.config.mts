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
    rolldownOptions: {
      // Designsystemet's React package does not declare itself side-effect free, so without this every
      // component (Combobox, Dialog, floating-ui, virtual lists …) lands in the first chunk. Its modules
      // only define components; the side effects it needs (the custom elements of
      // @digdir/designsystemet-web) live in that package, which stays as it is. docs/web.md "Size".
      treeshake: {
        moduleSideEffects: (id: string) => !/[\\/]@digdir[\\/]designsystemet-react[\\/]/.test(id),
      },
    },
  },
  // `npx vite --config apps/web/vite.config.ts` during development: the API runs separately on :3000.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
