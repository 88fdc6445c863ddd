import path from 'node:path';
import express, { Router } from 'express';

/**
 * The built web app, with client-side routing: any GET outside `/api` that names no file gets
 * index.html, so a shared deep link (`/graph?namespaces=...`) opens the app.
 */
export function staticRoutes(staticDir: string): Router {
  const router = Router();
  const indexHtml = path.join(staticDir, 'index.html');

  router.use(
    express.static(staticDir, {
      index: false,
      setHeaders: (res, filePath) => {
        // Vite puts a content hash in every asset name, so they never change under the same URL.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        }
      },
    }),
  );

  router.use((req, res, next) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && path.extname(req.path) === '';
    if (!isPage || req.path === '/api' || req.path.startsWith('/api/')) {
      next();
      return;
    }
    // index.html names the current asset hashes: never serve a stale copy after a deploy.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });

  return router;
}
