import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    // `npm run dev -w @sextant/web` next to a server on its default port (npm start / npm run demo).
    proxy: { '/api': 'http://127.0.0.1:20001' },
  },
  // cytoscape and its layouts are one ~500 kB chunk, loaded only by the graph page (and its worker).
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // zod and the switch that keeps it from probing for eval (src/lib/zodWithoutEval.ts) in one
        // chunk: every module that builds a schema imports that chunk, so the switch runs first.
        codeSplitting: {
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]zodWithoutEval\.ts$/ }],
        },
      },
    },
  },
});
