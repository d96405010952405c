import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev:web` proxies the API and the stream to a running Bourse (BOURSE_URL, default localhost:8080).
const target = process.env.BOURSE_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': target,
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
      '/ready': target,
      '/health': target,
      '/metrics': target,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
  test: { environment: 'jsdom', include: ['src/**/*.test.tsx'], setupFiles: ['src/test-setup.ts'] },
});
