import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API runs on 4000 in development (`npm run dev`); the dev server proxies every server path
// so the UI uses same-origin requests and the session cookie exactly as in production.
const API = process.env.PHAROS_API_URL ?? 'http://localhost:4000';
const proxied = ['/api', '/healthz', '/readyz', '/metrics', '/v1'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // No inline scripts or module-preload polyfill: the server's CSP allows 'self' scripts only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: API, changeOrigin: false }])),
  },
});
