import { badRequest, invalid, type StatusCause } from '../store/errors.ts';
import type { ApiAuth } from './apiAuth.ts';
import type { RequestAttributes } from './requestAttributes.ts';
import type { UserInfo } from './user.ts';

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export type ReviewKind =
  | 'SelfSubjectReview'
  | 'SelfSubjectAccessReview'
  | 'SelfSubjectRulesReview'
  | 'SubjectAccessReview'
  | 'LocalSubjectAccessReview';

const AUTHZ = 'authorization.k8s.io';

function exactlyOne(kind: string, spec: Record<string, unknown>): void {
  const resource = spec.resourceAttributes !== undefined && spec.resourceAttributes !== null;
  const nonResource = spec.nonResourceAttributes !== undefined && spec.nonResourceAttributes !== null;
  if (resource === nonResource)
    throw invalid(AUTHZ, kind, '', [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.resourceAttributes',
        message: `Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
      },
    ]);
}

/** spec.resourceAttributes / spec.nonResourceAttributes -> the attributes authorization checks. */
function attributesOf(spec: Record<string, unknown>): RequestAttributes {
  if (spec.nonResourceAttributes) {
    const a = asRecord(spec.nonResourceAttributes);
    return { resourceRequest: false, verb: text(a.verb), path: text(a.path) };
  }
  const a = asRecord(spec.resourceAttributes);
  return {
    resourceRequest: true,
    verb: text(a.verb),
    apiGroup: text(a.group),
    apiVersion: text(a.version),
    resource: text(a.resource),
    subresource: text(a.subresource),
    namespace: text(a.namespace),
    name: text(a.name),
  };
}

function accessStatus(auth: ApiAuth, user: UserInfo, spec: Record<string, unknown>): Record<string, unknown> {
  const decision = auth.authorize(user, attributesOf(spec));
  return { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) };
}

function userOfSpec(spec: Record<string, unknown>): UserInfo {
  const groups = Array.isArray(spec.groups)
    ? spec.groups.filter((g): g is string => typeof g === 'string')
    : [];
  if (text(spec.user) === '' && groups.length === 0)
    throw invalid(AUTHZ, 'SubjectAccessReview', '', [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.user',
        message: 'Invalid value: "": at least one of user or group must be specified',
      } satisfies StatusCause,
    ]);
  return {
    username: text(spec.user),
    groups,
    ...(text(spec.uid) ? { uid: text(spec.uid) } : {}),
  };
}

/**
 * Answers an access review (authorization.k8s.io/v1) or a SelfSubjectReview
 * (authentication.k8s.io/v1) for `user`, the caller. Reviews are never stored: the answer is the
 * request with its `status` filled in, as the API server returns it (201 Created).
 */
export function answerReview(
  kind: ReviewKind,
  body: unknown,
  user: UserInfo,
  auth: ApiAuth,
  pathNamespace?: string,
): Record<string, unknown> {
  const review = asRecord(body);
  const spec = asRecord(review.spec);
  const answer = (status: Record<string, unknown>): Record<string, unknown> => ({
    kind,
    apiVersion: kind === 'SelfSubjectReview' ? 'authentication.k8s.io/v1' : `${AUTHZ}/v1`,
    metadata: { ...asRecord(review.metadata), creationTimestamp: null },
    ...(kind === 'SelfSubjectReview' ? {} : { spec }),
    status,
  });
  switch (kind) {
    case 'SelfSubjectReview':
      return answer({
        userInfo: {
          username: user.username,
          ...(user.uid ? { uid: user.uid } : {}),
          groups: user.groups,
          ...(user.extra ? { extra: user.extra } : {}),
        },
      });
    case 'SelfSubjectAccessReview':
      exactlyOne(kind, spec);
      return answer(accessStatus(auth, user, spec));
    case 'SelfSubjectRulesReview': {
      const namespace = text(spec.namespace);
      if (namespace === '') throw badRequest('no namespace on request');
      return answer({ ...auth.rulesFor(user, namespace) });
    }
    case 'SubjectAccessReview':
      exactlyOne(kind, spec);
      return answer(accessStatus(auth, userOfSpec(spec), spec));
    case 'LocalSubjectAccessReview': {
      exactlyOne(kind, spec);
      const attributes = asRecord(spec.resourceAttributes);
      if (spec.nonResourceAttributes || (text(attributes.namespace) || pathNamespace) !== pathNamespace)
        throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${pathNamespace ?? ''}`);
      spec.resourceAttributes = { ...attributes, namespace: pathNamespace };
      return answer(accessStatus(auth, userOfSpec(spec), spec));
    }
  }
}
