import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './main/platform/csp.ts';
import pkg from './package.json' with { type: 'json' };

/** Puts the app's CSP into index.html so it also holds for file:// loads in Electron. */
const cspMeta = (): Plugin => ({
  name: 'posescope-csp-meta',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
      injectTo: 'head-prepend',
    },
  ],
});

// Builds the renderer (renderer/) into dist/renderer with relative asset URLs (file:// in Electron).
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), cspMeta()],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The largest chunk is the 3D view's three.js (~960 kB minified): past that, something grew.
    chunkSizeWarningLimit: 1000,
  },
});
