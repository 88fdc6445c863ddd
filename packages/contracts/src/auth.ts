import { z } from 'zod';
import { istioResourceSchema } from './istioConfig.ts';

/**
 * How the server knows who is at the browser (`SEXTANT_AUTH`), as Kiali's strategies:
 * `anonymous` (no sign-in; the server's own Kubernetes identity), `token` (the user pastes a
 * Kubernetes bearer token), `openid` (OpenID Connect code flow with PKCE; the ID token is the
 * Kubernetes credential), `header` (an authenticating proxy in front sends the user's bearer token).
 */
export const authStrategySchema = z.enum(['anonymous', 'token', 'openid', 'header']);
export type AuthStrategy = z.infer<typeof authStrategySchema>;

/** Who Kubernetes says the signed-in user is (`SelfSubjectReview`). */
export const authUserSchema = z.object({
  name: z.string(),
  groups: z.array(z.string()),
});
export type AuthUser = z.infer<typeof authUserSchema>;

/**
 * `GET /api/auth/info` (answered without a session), also the body of a successful
 * `POST /api/auth/login` and of `POST /api/auth/logout`.
 */
export const authInfoSchema = z.object({
  strategy: authStrategySchema,
  /** null: nobody is signed in (always null for `anonymous`). */
  user: authUserSchema.nullable(),
  /** When the session ends (ISO 8601); null without a session. */
  expiresAt: z.string().nullable(),
  /**
   * `openid`: where the browser goes to sign in (a GET that redirects to the provider); append
   * `?return=<path>` to come back to a page of the app.
   */
  loginUrl: z.string().optional(),
  /** After `POST /api/auth/logout` with `openid`: the provider's end-session URL, when it has one. */
  endSessionUrl: z.string().optional(),
});
export type AuthInfo = z.infer<typeof authInfoSchema>;

/** `POST /api/auth/login` with the `token` strategy. */
export const tokenLoginRequestSchema = z.object({
  token: z.string().trim().min(1, 'token is required').max(16_384, 'token is longer than 16 KiB'),
});
export type TokenLoginRequest = z.infer<typeof tokenLoginRequestSchema>;

/** Whether one verb is allowed, and in words why not (RBAC or view-only). */
export const accessSchema = z.object({
  allowed: z.boolean(),
  reason: z.string().optional(),
});
export type Access = z.infer<typeof accessSchema>;

export const istioResourcePermissionsSchema = z.object({
  create: accessSchema,
  update: accessSchema,
  delete: accessSchema,
});
export type IstioResourcePermissions = z.infer<typeof istioResourcePermissionsSchema>;

/**
 * `GET /api/namespaces/{ns}/permissions`: what the current user may do to the Istio config of
 * one namespace, so editors open read-only with the reason instead of failing on write.
 * Kubernetes still judges every write; this is advice for the UI.
 */
export const namespacePermissionsSchema = z.object({
  namespace: z.string(),
  istio: z.record(istioResourceSchema, istioResourcePermissionsSchema),
});
export type NamespacePermissions = z.infer<typeof namespacePermissionsSchema>;
