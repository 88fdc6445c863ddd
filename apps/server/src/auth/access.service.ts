import {
  ISTIO_RESOURCES,
  istioResourceSchema,
  type Access,
  type IstioResource,
  type NamespacePermissions,
} from '@sextant/contracts';
import type { Response } from 'express';
import type { KubeApi, KubeClient, KubeKind } from '../clients/kube.client.ts';
import { forbidden } from '../errors.ts';
import { ALL_NAMESPACES, KIND_READ, scopeFromRules, type NamespaceScope } from './namespaceScope.ts';
import { describePrincipal, principalOf, type Principal } from './principal.ts';
import { rulesAllow, type ResourceAttributes, type ResourceRule, type RulesReview } from './rbacRules.ts';

export interface AccessServiceOptions {
  /** How long one user's rules in one namespace are reused; default 30 s. */
  ttlMs?: number;
  /** Cached (user, namespace) entries at most; the least recently made go first. Default 20,000. */
  maxEntries?: number;
  /** Reviews of one user in flight at once; default 8. */
  concurrency?: number;
}

interface Entry {
  expiresAt: number;
  review: Promise<RulesReview>;
}

const WRITE_VERBS = { create: 'create', update: 'update', delete: 'delete' } as const;

/**
 * What each signed-in user may see and do, as Kubernetes RBAC says: one SelfSubjectRulesReview per
 * (user, namespace), made with the user's token and reused for a short while, so the shared watch
 * caches are filtered per user without a LIST (or a review) per browser request. Where a review
 * is `incomplete` (a webhook authorizer cannot list its rules), a denial is confirmed by a
 * SelfSubjectAccessReview of the one request.
 */
export class AccessService {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly concurrency: number;

  constructor(
    private readonly kube: KubeClient,
    /** Milliseconds since the epoch. */
    private readonly now: () => number,
    options: AccessServiceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
  }

  /** The API server with the principal's credentials. */
  api(principal: Principal): KubeApi {
    return principal.kind === 'server' ? this.kube : this.kube.forToken(principal.token);
  }

  /** The rules of the principal in `namespace`, reviewed at most once per TTL. */
  rules(principal: Principal, namespace: string): Promise<RulesReview> {
    const key = `${principal.kind === 'server' ? 'server' : principal.key}/${namespace}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.review;
    const review = this.api(principal).rulesReview(namespace);
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: now + this.ttlMs, review });
    // A failed review is not kept: the next request asks again.
    review.catch(() => {
      if (this.entries.get(key)?.review === review) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return review;
  }

  async can(principal: Principal, namespace: string, attributes: ResourceAttributes): Promise<boolean> {
    const review = await this.rules(principal, namespace);
    if (rulesAllow(review.rules, attributes)) return true;
    if (!review.incomplete) return false;
    return this.api(principal).accessReview(namespace, attributes);
  }

  /** The namespaces (of `namespaces`, those the caches hold) and kinds the principal may read. */
  async scope(principal: Principal, namespaces: readonly string[]): Promise<NamespaceScope> {
    if (principal.kind === 'server') return ALL_NAMESPACES;
    const rules = new Map<string, readonly ResourceRule[]>();
    await eachLimited(namespaces, this.concurrency, async (namespace) => {
      const review = await this.rules(principal, namespace);
      rules.set(namespace, await this.completed(principal, namespace, review));
    });
    return scopeFromRules(rules);
  }

  /** 403 naming the user and the namespace unless they may read it. */
  async assertCanRead(principal: Principal, namespace: string, kind: KubeKind = 'namespaces'): Promise<void> {
    if (principal.kind === 'server') return;
    if (
      await this.can(principal, namespace, {
        ...KIND_READ[kind],
        ...(kind === 'namespaces' ? { name: namespace } : {}),
      })
    )
      return;
    const what =
      kind === 'namespaces'
        ? `namespace "${namespace}"`
        : `${KIND_READ[kind].resource} in namespace "${namespace}"`;
    throw forbidden(`Kubernetes RBAC does not let ${describePrincipal(principal)} read ${what}`, {
      upstream: 'kubernetes',
      reason: 'Forbidden',
    });
  }

  /**
   * Advice for the editors: which Istio writes RBAC and view-only mode allow. Kubernetes still
   * judges each write. The server's own identity is assumed allowed when it cannot review itself
   * (an API server without the review APIs).
   */
  async permissions(
    principal: Principal,
    namespace: string,
    viewOnlyReason: string | undefined,
  ): Promise<NamespacePermissions> {
    let review: RulesReview | undefined;
    try {
      review = await this.rules(principal, namespace);
    } catch (err) {
      if (principal.kind === 'user') throw err;
    }
    const who = describePrincipal(principal);
    const decide = async (resource: IstioResource, verb: keyof typeof WRITE_VERBS): Promise<Access> => {
      if (viewOnlyReason !== undefined) return { allowed: false, reason: viewOnlyReason };
      if (review === undefined) return { allowed: true };
      const attributes = { verb: WRITE_VERBS[verb], group: ISTIO_RESOURCES[resource].group, resource };
      const allowed =
        rulesAllow(review.rules, attributes) ||
        (review.incomplete && (await this.api(principal).accessReview(namespace, attributes)));
      return allowed
        ? { allowed: true }
        : {
            allowed: false,
            reason: `Kubernetes RBAC does not let ${who} ${WRITE_VERBS[verb]} ${resource} in namespace ${namespace}`,
          };
    };
    const entries = await Promise.all(
      istioResourceSchema.options.map(
        async (resource) =>
          [
            resource,
            {
              create: await decide(resource, 'create'),
              update: await decide(resource, 'update'),
              delete: await decide(resource, 'delete'),
            },
          ] as const,
      ),
    );
    return { namespace, istio: Object.fromEntries(entries) as NamespacePermissions['istio'] };
  }

  /**
   * An incomplete review's rules, plus a rule per cache kind that an access review allows, so the
   * pure scope function sees the whole answer.
   */
  private async completed(
    principal: Principal,
    namespace: string,
    review: RulesReview,
  ): Promise<readonly ResourceRule[]> {
    if (!review.incomplete) return review.rules;
    const extra: ResourceRule[] = [];
    for (const attributes of Object.values(KIND_READ)) {
      if (rulesAllow(review.rules, attributes)) continue;
      const withName = attributes.resource === 'namespaces' ? { ...attributes, name: namespace } : attributes;
      if (await this.api(principal).accessReview(namespace, withName)) {
        extra.push({
          verbs: [attributes.verb],
          apiGroups: [attributes.group],
          resources: [attributes.resource],
        });
      }
    }
    return [...review.rules, ...extra];
  }
}

async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Per request: the principal's scope over the namespaces in the caches, worked out once however
 * many services of the request ask.
 */
export class RequestScopes {
  private readonly scopes = new WeakMap<object, Promise<NamespaceScope>>();

  constructor(
    private readonly access: AccessService,
    private readonly kube: KubeClient,
  ) {}

  of(res: Response): Promise<NamespaceScope> {
    const principal = principalOf(res);
    if (principal.kind === 'server') return Promise.resolve(ALL_NAMESPACES);
    let scope = this.scopes.get(res);
    if (!scope) {
      const names = this.kube
        .snapshot()
        .objects.namespaces.map((n) => n.metadata?.name)
        .filter((n): n is string => n !== undefined);
      scope = this.access.scope(principal, names);
      this.scopes.set(res, scope);
    }
    return scope;
  }
}
