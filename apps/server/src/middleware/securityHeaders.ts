import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The Content-Security-Policy of every response, fitted to the built web app (apps/web/dist):
 * scripts, the graph layout worker, styles, images and API calls only from the server itself.
 * Styles allow 'unsafe-inline': React renders `style` attributes and CodeMirror and cytoscape
 * inject <style> elements; a style cannot run code, a script can, so scripts get no such exception
 * (the theme script that must run before first paint is a file, `/theme-init.js`, for that reason).
 * `data:` images: CodeMirror's lint underlines are SVG data URLs.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'worker-src': ["'self'"],
};

/**
 * Security headers on every response (helmet): the CSP above, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY` (with `frame-ancestors 'none'`: nobody frames the console to click
 * through a change), `Referrer-Policy: no-referrer`, Cross-Origin-Opener/Resource-Policy.
 * No `upgrade-insecure-requests` and no HSTS: the console is often served over plain HTTP on an
 * address or a port-forward, and HTTPS is the business of whatever terminates TLS in front of it.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(
        Object.entries(CONTENT_SECURITY_POLICY).map(([name, values]) => [name, [...values]]),
      ),
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
