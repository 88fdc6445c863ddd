import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { WEB_DIST } from '@sextant/testkit';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** How a benchmark answers the API: a JSON body (text or value), or undefined for "not mine". */
export type BenchApi = (url: URL, req: IncomingMessage) => unknown;

/**
 * The built web app on a loopback port with `api` in place of the Sextant server: what `api`
 * answers is sent as JSON, any other `/api/` path is the server's 404, and every other path is a
 * file of the build (index.html for the app's own routes).
 */
export function serveWebApp(port: number, api: BenchApi): Promise<Server> {
  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = api(url, req);
    if (body !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(typeof body === 'string' ? body : JSON.stringify(body));
    }
    if (url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not in the benchmark' } }));
    }
    const file = path.join(WEB_DIST, path.normalize(url.pathname));
    const target =
      file.startsWith(WEB_DIST) && existsSync(file) && statSync(file).isFile()
        ? file
        : path.join(WEB_DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
