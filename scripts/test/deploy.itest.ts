import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMeshSim, type MeshSim } from '@sextant/mesh-sim';
import { kubectl } from '@sextant/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/ as an operator uses it: every kustomization renders with the real `kubectl kustomize`,
 * passes `kubectl apply --dry-run=server` against a cluster (mesh-sim), installs, and grants the
 * server's service account what the server calls and nothing more.
 */
const DEPLOY = path.resolve(import.meta.dirname, '../../deploy');
const VARIANTS = ['base', 'overlays/view-only', 'overlays/oidc'] as const;
/** The base with components/service-account-writes, as an anonymous install would compose it. */
const ANONYMOUS = 'base+service-account-writes';
type Variant = (typeof VARIANTS)[number] | typeof ANONYMOUS;

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: any;
}
interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

let sim: MeshSim;
let dir: string;
let kubeconfig: string;
const rendered = {} as Record<Variant, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sextant-deploy-'));
  kubeconfig = path.join(dir, 'kubeconfig');
  sim = await startMeshSim({ scenario: 'empty', kubeconfigOut: kubeconfig });
  for (const variant of VARIANTS)
    rendered[variant] = await kubectl(kubeconfig, ['kustomize', path.join(DEPLOY, variant)]);
  // kustomize reads only below the kustomization's folder: compose it over a copy.
  const composed = path.join(dir, 'anonymous');
  await cp(DEPLOY, path.join(composed, 'deploy'), { recursive: true });
  await writeFile(
    path.join(composed, 'kustomization.yaml'),
    'resources: [deploy/base]\ncomponents: [deploy/components/service-account-writes]\n',
  );
  rendered[ANONYMOUS] = await kubectl(kubeconfig, ['kustomize', composed]);
});
afterAll(async () => {
  await sim?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const objects = (variant: Variant): Obj[] =>
  parseAllDocuments(rendered[variant]).map((doc) => doc.toJS() as Obj);
const one = (variant: Variant, kind: string): Obj => {
  const found = objects(variant).filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};
const ids = (variant: Variant): string[] =>
  objects(variant)
    .map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, '-<hash>')}`)
    .sort();

/** Every grant as `group/resource: verbs`, over all roles the variant renders. */
function grants(variant: Variant): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const role of objects(variant).filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role'))
    for (const rule of role.rules as Rule[])
      for (const group of rule.apiGroups ?? [])
        for (const resource of rule.resources ?? [])
          (out[`${group || 'core'}/${resource}`] ??= []).push(...rule.verbs);
  return Object.fromEntries(Object.entries(out).map(([key, verbs]) => [key, [...verbs].sort().join(',')]));
}

const READ = ['core/namespaces', 'core/pods', 'core/services', 'apps/deployments'];
const ISTIO = [
  'networking.istio.io/virtualservices',
  'networking.istio.io/destinationrules',
  'networking.istio.io/gateways',
  'networking.istio.io/serviceentries',
  'networking.istio.io/sidecars',
  'security.istio.io/peerauthentications',
  'security.istio.io/authorizationpolicies',
  'security.istio.io/requestauthentications',
];
const WRITE_VERBS = [
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'bind',
  'escalate',
  'impersonate',
];

describe('deploy/ manifests', () => {
  it('render the objects of an install', () => {
    const base = [
      'ClusterRole/sextant-read',
      'ClusterRoleBinding/sextant-read',
      'ConfigMap/sextant-settings-<hash>',
      'Deployment/sextant',
      'Namespace/sextant',
      'Service/sextant',
      'ServiceAccount/sextant',
    ];
    expect(ids('base')).toEqual(base);
    expect(ids('overlays/view-only')).toEqual(base);
    expect(ids('overlays/oidc')).toEqual([...base, 'Secret/sextant-oidc-<hash>'].sort());
    expect(ids(ANONYMOUS)).toEqual(
      [...base, 'ClusterRole/sextant-istio-write', 'ClusterRoleBinding/sextant-istio-write'].sort(),
    );
    for (const variant of VARIANTS)
      for (const o of objects(variant))
        if (!o.kind.startsWith('Cluster') && o.kind !== 'Namespace')
          expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('sextant');
  });

  it('run the server as the probes, the settings and the pod security need', () => {
    for (const variant of VARIANTS) {
      const deployment = one(variant, 'Deployment');
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(deployment.spec.replicas).toBe(2);
      expect(pod.serviceAccountName).toBe('sextant');
      expect(container.image).toMatch(/^ghcr\.io\/sextant-console\/sextant:\d+\.\d+\.\d+$/);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.resources.requests).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 1000,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.volumes).toContainEqual(
        expect.objectContaining({ name: 'tmp', emptyDir: expect.anything() }),
      );
      // The root filesystem is read-only: the change history needs a volume of its own.
      // (SEXTANT_DATA_DIR=/var/lib/sextant is the image's.)
      expect(container.volumeMounts).toContainEqual({ name: 'history', mountPath: '/var/lib/sextant' });
      expect(pod.volumes).toContainEqual(
        expect.objectContaining({ name: 'history', emptyDir: expect.anything() }),
      );
      expect(container.env).toEqual(
        expect.arrayContaining([
          { name: 'SEXTANT_HOST', value: '0.0.0.0' },
          { name: 'SEXTANT_PORT', value: '20001' },
        ]),
      );
      expect(container.env.map((e: { name: string }) => e.name)).not.toContain('KUBECONFIG');

      // The generated ConfigMap's hashed name is the one the pod reads.
      const settings = one(variant, 'ConfigMap');
      expect(container.envFrom).toEqual([{ configMapRef: { name: settings.metadata.name } }]);
      expect(settings.data.PROMETHEUS_URL).toMatch(/^https?:\/\//);
      expect(settings.data.SEXTANT_ALLOWED_HOSTS.split(',')).toEqual(
        expect.arrayContaining(['sextant.sextant.svc', 'sextant.sextant.svc.cluster.local', 'localhost']),
      );
      expect(settings.data.SEXTANT_VIEW_ONLY).toBe(variant === 'overlays/view-only' ? 'true' : 'false');
      // Off loopback the server refuses to start without a strategy; the base signs in with tokens.
      expect(settings.data.SEXTANT_AUTH).toBe(variant === 'overlays/oidc' ? 'openid' : 'token');
      expect(container.env).toContainEqual({
        name: 'SEXTANT_SESSION_SECRET',
        valueFrom: { secretKeyRef: { name: 'sextant-session', key: 'secret' } },
      });

      const service = one(variant, 'Service');
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(service.spec.ports).toEqual([
        { name: 'http', port: 20001, targetPort: 'http', protocol: 'TCP' },
      ]);
    }

    const oidc = one('overlays/oidc', 'Deployment').spec.template.spec.containers[0];
    const secret = one('overlays/oidc', 'Secret');
    expect(one('overlays/oidc', 'ConfigMap').data).toMatchObject({
      SEXTANT_AUTH: 'openid',
      SEXTANT_OIDC_ISSUER_URL: expect.stringMatching(/^https:\/\//),
      SEXTANT_OIDC_CLIENT_ID: expect.any(String),
      SEXTANT_OIDC_REDIRECT_URL: expect.stringMatching(/^https:\/\//),
    });
    expect(oidc.env).toContainEqual({
      name: 'SEXTANT_OIDC_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: secret.metadata.name, key: 'client-secret' } },
    });
  });

  it('grant the service account least privilege', () => {
    const readOnly = {
      ...Object.fromEntries(READ.map((r) => [r, 'list,watch'])),
      ...Object.fromEntries(ISTIO.map((r) => [r, 'get,list,watch'])),
    };
    // With sign-in every write carries the user's token: the server's own account only reads.
    // Its rules reviews are made with the user's token too, which every user may (system:basic-user).
    expect(grants('base')).toEqual(readOnly);
    expect(grants('overlays/view-only')).toEqual(readOnly);
    expect(grants('overlays/oidc')).toEqual(readOnly);
    // Anonymous: the server writes as itself, Istio config only.
    expect(grants(ANONYMOUS)).toEqual({
      ...readOnly,
      ...Object.fromEntries(ISTIO.map((r) => [r, 'create,delete,get,list,update,watch'])),
    });

    for (const variant of [...VARIANTS, ANONYMOUS] as const) {
      const roles = objects(variant).filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
      for (const rule of roles.flatMap((role) => role.rules as Rule[])) {
        for (const list of [rule.apiGroups, rule.resources, rule.verbs]) expect(list).not.toContain('*');
        expect(rule.resources).not.toContain('secrets');
        expect(rule.nonResourceURLs).toBeUndefined();
        const writes = rule.verbs.filter((v) => WRITE_VERBS.includes(v));
        if (writes.length > 0)
          expect(['networking.istio.io', 'security.istio.io']).toEqual(
            expect.arrayContaining(rule.apiGroups!),
          );
      }
      // Bindings give those roles, and only those, to Sextant's service account.
      const roleNames = roles.map((r) => r.metadata.name);
      for (const binding of objects(variant).filter((o) => o.kind.endsWith('Binding'))) {
        expect(roleNames).toContain(binding.roleRef.name);
        expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sextant', namespace: 'sextant' }]);
      }
    }
    const viewOnlyVerbs = Object.values(grants('overlays/view-only')).flatMap((v) => v.split(','));
    expect(viewOnlyVerbs.filter((v) => WRITE_VERBS.includes(v))).toEqual([]);
  });

  it('pass a server-side dry run, once the namespace exists as on a real cluster', async () => {
    const dryRun = (variant: Variant) =>
      kubectl(kubeconfig, ['apply', '--dry-run=server', '-f', '-'], rendered[variant]);
    // A real API server refuses namespaced objects in a namespace that a dry run only pretended to create.
    await expect(dryRun('base')).rejects.toThrow(/namespaces "sextant" not found/);

    const namespace = objects('base').find((o) => o.kind === 'Namespace')!;
    await kubectl(kubeconfig, ['apply', '-f', '-'], JSON.stringify(namespace));
    for (const variant of VARIANTS) {
      const out = await dryRun(variant);
      const lines = out.trim().split('\n');
      expect(lines, variant).toHaveLength(objects(variant).length);
      for (const line of lines) expect(line).toMatch(/ (created|configured|unchanged) \(server dry run\)$/);
    }
    // Nothing was stored.
    expect(
      await kubectl(kubeconfig, ['get', 'deployments,configmaps,serviceaccounts', '-n', 'sextant']),
    ).toBe('');
    expect(await kubectl(kubeconfig, ['get', 'clusterroles', '-o', 'name'])).toBe('');
  });

  it('install with kubectl apply -k, and apply again unchanged', async () => {
    const applied = await kubectl(kubeconfig, ['apply', '-k', path.join(DEPLOY, 'base')]);
    expect(applied).toContain('deployment.apps/sextant created');
    expect(applied).toContain('clusterrole.rbac.authorization.k8s.io/sextant-read created');
    expect(applied).not.toContain('sextant-istio-write');

    const deadline = Date.now() + 10_000;
    while (
      (await kubectl(kubeconfig, [
        'get',
        'deploy',
        'sextant',
        '-n',
        'sextant',
        '-o',
        'jsonpath={.status.readyReplicas}',
      ])) !== '2'
    ) {
      if (Date.now() > deadline) throw new Error('the sextant deployment did not get 2 ready replicas');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const table = await kubectl(kubeconfig, ['get', 'deploy,svc,sa', '-n', 'sextant']);
    expect(table).toMatch(/^deployment\.apps\/sextant\s+2\/2\s+2\s+2\s/m);
    expect(table).toMatch(/^service\/sextant\s+ClusterIP\s+\S+\s+<none>\s+20001\/TCP\s/m);
    expect(table).toMatch(/^serviceaccount\/sextant\s/m);
    const bindings = await kubectl(kubeconfig, ['get', 'clusterrolebindings']);
    expect(bindings).toMatch(/^sextant-read\s+ClusterRole\/sextant-read\s/m);
    const cm = one('base', 'ConfigMap').metadata.name;
    const stored = JSON.parse(
      await kubectl(kubeconfig, ['get', 'configmap', cm, '-n', 'sextant', '-o', 'json']),
    );
    expect(stored.data).toEqual(one('base', 'ConfigMap').data);

    const again = await kubectl(kubeconfig, ['apply', '-k', path.join(DEPLOY, 'base')]);
    for (const line of again.trim().split('\n')) expect(line).toMatch(/ unchanged$/);
  });
  it('switch the install to the view-only overlay with kubectl apply -k', async () => {
    const applied = await kubectl(kubeconfig, ['apply', '-k', path.join(DEPLOY, 'overlays/view-only')]);
    expect(applied).toContain('deployment.apps/sextant configured');
    // kubectl sends a strategic merge patch of the changed fields; the rest of the pod must survive it.
    const stored = JSON.parse(
      await kubectl(kubeconfig, ['get', 'deployment', 'sextant', '-n', 'sextant', '-o', 'json']),
    );
    const expected = one('overlays/view-only', 'Deployment').spec.template.spec;
    expect(stored.spec.template.spec.containers).toEqual(expected.containers);
    expect(stored.spec.template.spec.volumes).toEqual(expected.volumes);
  });
});
