import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API the dev server proxies to (`npm run dev` starts both); override with SHIJI_API_URL.
const api = process.env.SHIJI_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: { '@web': path.resolve(import.meta.dirname, 'src') } },
  build: {
    outDir: process.env.SHIJI_WEB_OUT_DIR ?? path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // No inline module-preload polyfill: the Content-Security-Policy allows only same-origin scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: false,
    proxy: Object.fromEntries(['/api', '/media', '/openapi.json', '/docs', '/healthz', '/readyz'].map((p) => [p, { target: api, changeOrigin: false }])),
  },
});
