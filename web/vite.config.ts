// Builds the analyst console into web/dist, which `vigil serve` serves. `npm run dev --workspace web`
// serves it with hot reload and sends /api to a Vigil running on port 8080.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The chart library is one lazily loaded chunk of its own; the warning is for the entry.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': { target: process.env.VIGIL_URL ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
