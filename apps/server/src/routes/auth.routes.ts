import { tokenLoginRequestSchema } from '@sextant/contracts';
import express, { Router, type RequestHandler } from 'express';
import { safeReturnPath, type Authenticator } from '../auth/authenticator.ts';
import { setPrincipal } from '../auth/principal.ts';
import { AppError, invalidBody } from '../errors.ts';

/** A token is a few KiB at most; nothing else is posted to these routes. */
const AUTH_BODY_LIMIT = '32kb';

/**
 * Mounted under `/api`, before the session check: what the sign-in page needs. `GET /auth/info`
 * says the strategy and who is signed in; `POST /auth/login` (token), `GET /auth/openid/login`
 * (openid: off to the provider) and `POST /auth/logout`.
 */
export function authRoutes(deps: { auth: Authenticator }): Router {
  const router = Router();
  const { auth } = deps;

  router.get('/auth/info', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(auth.info(await auth.principal(req)));
  });

  router.post('/auth/login', express.json({ limit: AUTH_BODY_LIMIT }), async (req, res) => {
    const parsed = tokenLoginRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw invalidBody(
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'token', message: i.message })),
      );
    }
    res.set('Cache-Control', 'no-store');
    res.json(await auth.loginWithToken(req, res, parsed.data.token));
  });

  router.post('/auth/logout', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await auth.logout(req, res, `${req.protocol}://${req.get('host') ?? 'localhost'}/`));
  });

  router.get('/auth/openid/login', async (req, res) => {
    const url = await auth.startOpenIdLogin(req, res, safeReturnPath(req.query.return));
    res.set('Cache-Control', 'no-store');
    res.redirect(302, url);
  });

  return router;
}

/** The OpenID provider's redirect back to `SEXTANT_OIDC_REDIRECT_URL`'s path; on success, to the page the sign-in started from. */
export function openIdCallbackRoute(deps: { auth: Authenticator; path: string }): Router {
  const router = Router();
  router.get(deps.path, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    let returnPath: string;
    try {
      returnPath = await deps.auth.finishOpenIdLogin(req, res);
    } catch (err) {
      // A browser navigation, not a fetch: the sign-in page shows why, instead of a JSON body.
      if (!(err instanceof AppError) || (err.status >= 500 && err.code !== 'UPSTREAM_UNAVAILABLE')) throw err;
      res.redirect(303, `/?signInError=${encodeURIComponent(err.message)}`);
      return;
    }
    res.redirect(303, returnPath);
  });
  return router;
}

/**
 * Every `/api` route after this one needs a principal: a 401 (UNAUTHENTICATED) otherwise, before
 * any body is read or any write can start.
 */
export function requireSession(auth: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const principal = await auth.principal(req);
    if (!principal) throw auth.missing();
    setPrincipal(res, principal);
    next();
  };
}
