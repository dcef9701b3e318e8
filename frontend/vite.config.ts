/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';

// `npm run dev` proxies the API to a local `importops serve` (default
// 127.0.0.1:8080, or IMPORTOPS_URL). The server only accepts
// cookie-authenticated requests from its own origin, so the proxy presents
// the request as coming from there.
const api = process.env.IMPORTOPS_URL ?? 'http://127.0.0.1:8080';
const proxy = {
  target: api,
  changeOrigin: true,
  configure: (p: { on: (ev: 'proxyReq', fn: (req: { setHeader: (k: string, v: string) => void }) => void) => void }) => {
    p.on('proxyReq', (req) => req.setHeader('origin', api));
  },
};

// The API reference (../docs/api.md) ships beside the app as plain text, so
// the keys page's help can link to it on the same server: /docs/api.txt.
const apiDocs = {
  name: 'importops-api-docs',
  generateBundle(this: { emitFile: (f: { type: 'asset'; fileName: string; source: string }) => void }) {
    this.emitFile({ type: 'asset', fileName: 'docs/api.txt', source: readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8') });
  },
};

export default defineConfig({
  plugins: [react(), apiDocs],
  build: {
    outDir: 'dist',
    // dist/.gitkeep is committed (the Go embed needs it): scripts/clean-dist.mjs
    // empties dist/ but keeps it.
    emptyOutDir: false,
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    proxy: { '/graphql': proxy, '/healthz': proxy },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
