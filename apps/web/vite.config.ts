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
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 700 },
});
