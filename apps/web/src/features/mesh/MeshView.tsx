import type { MeshComponent, MeshStatus } from '@sextant/contracts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { StaleBanner } from '../../components/StaleBanner.tsx';
import './mesh.css';

interface Props {
  mesh: MeshStatus;
  updatedAt: number;
  staleError: Error | null;
  onRetry: () => void;
}

const ROLE_WORDS: Record<MeshComponent['role'], string> = {
  istiod: 'Control plane',
  ingressgateway: 'Ingress gateway',
  egressgateway: 'Egress gateway',
};

const MODE_WORDS: Record<NonNullable<MeshStatus['mtls']['meshPolicyMode']>, string> = {
  STRICT: 'STRICT: sidecars accept mutual TLS only',
  PERMISSIVE: 'PERMISSIVE: sidecars accept mutual TLS and plaintext',
  DISABLE: 'DISABLE: sidecars accept plaintext only',
  UNSET: 'UNSET: inherits Istio’s default (PERMISSIVE)',
};

const STATUS_WORDS: Record<NonNullable<MeshStatus['mtls']['status']>, string> = {
  ENABLED: 'Enforced everywhere',
  PARTIALLY_ENABLED: 'Partly enforced',
  NOT_ENABLED: 'Not enforced (plaintext accepted)',
  DISABLED: 'Disabled',
};

export function MeshView({ mesh, updatedAt, staleError, onRetry }: Props) {
  const { mtls, config } = mesh;
  return (
    <div className="stack mesh">
      {staleError && <StaleBanner updatedAt={updatedAt} error={staleError} onRetry={onRetry} />}
      {mesh.errors?.map((e) => (
        <div key={e.message} className="mesh-note" role="status">
          {e.message}
        </div>
      ))}
      <div className="mesh-summary">
        <section className="mesh-tile" aria-labelledby="mesh-mtls">
          <h2 id="mesh-mtls" className="mesh-tile__title">
            Mesh-wide mTLS
          </h2>
          <p className="mesh-tile__value">
            {mtls.meshPolicyMode === null ? 'No mesh-wide policy' : mtls.meshPolicyMode}
          </p>
          <p className="mesh-tile__detail">
            {mtls.meshPolicyMode === null
              ? `No PeerAuthentication without a selector in ${mesh.rootNamespace}: Istio’s default, PERMISSIVE, applies.`
              : `${MODE_WORDS[mtls.meshPolicyMode]} (PeerAuthentication in ${mesh.rootNamespace}).`}
          </p>
          {mtls.status && <p className="mesh-tile__detail">Across namespaces: {STATUS_WORDS[mtls.status]}</p>}
        </section>
        <section className="mesh-tile" aria-labelledby="mesh-config">
          <h2 id="mesh-config" className="mesh-tile__title">
            Istio config
          </h2>
          <p className="mesh-tile__value">
            {config.objects} object{config.objects === 1 ? '' : 's'}
          </p>
          <p className="mesh-tile__detail">
            in {config.namespaces} namespace{config.namespaces === 1 ? '' : 's'} you may read ·{' '}
            <span className={config.errors ? 'mesh-bad' : undefined}>
              {config.errors} error{config.errors === 1 ? '' : 's'}
            </span>{' '}
            ·{' '}
            <span className={config.warnings ? 'mesh-warn' : undefined}>
              {config.warnings} warning{config.warnings === 1 ? '' : 's'}
            </span>
          </p>
          <p className="mesh-tile__detail">
            <Link href={config.errors ? '/istio?valid=false' : '/istio'}>Open the config list</Link>
          </p>
        </section>
      </div>
      <ComponentTable
        title="Control plane"
        empty={`No istiod Deployment found in the namespaces you may read (looked for app=istiod or istio=pilot).`}
        components={mesh.controlPlane}
      />
      <ComponentTable
        title="Gateways"
        empty="No ingress or egress gateway Deployment (istio=ingressgateway / istio=egressgateway) in the namespaces you may read."
        components={mesh.gateways}
      />
    </div>
  );
}

function ComponentTable({
  title,
  empty,
  components,
}: {
  title: string;
  empty: string;
  components: MeshComponent[];
}) {
  const id = `mesh-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="stack">
      <h2 id={id} className="mesh-section__title">
        {title}
      </h2>
      {components.length === 0 ? (
        <EmptyState title={`No ${title.toLowerCase()}`}>{empty}</EmptyState>
      ) : (
        <div className="table-card">
          <table className="table" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Deployment</th>
                <th scope="col">Role</th>
                <th scope="col">Version</th>
                <th scope="col">Pods ready</th>
                <th scope="col">Health</th>
              </tr>
            </thead>
            <tbody>
              {components.map((c) => (
                <tr key={`${c.namespace}/${c.name}`}>
                  <th scope="row" className="table__name">
                    {c.namespace}/{c.name}
                  </th>
                  <td>{ROLE_WORDS[c.role]}</td>
                  <td className="mesh-mono">{c.version ?? 'unknown'}</td>
                  <td className="mesh-mono">
                    {c.readyReplicas} of {c.desiredReplicas}
                  </td>
                  <td>
                    <ComponentHealth component={c} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const HEALTH_CLASS: Record<MeshComponent['health']['status'], string> = {
  Healthy: 'healthy',
  Degraded: 'degraded',
  Failure: 'failing',
  'Not Ready': 'degraded',
  NA: 'na',
};
const HEALTH_MARK: Record<MeshComponent['health']['status'], string> = {
  Healthy: '✓',
  Degraded: '!',
  Failure: '×',
  'Not Ready': '○',
  NA: '–',
};

function ComponentHealth({ component }: { component: MeshComponent }) {
  const { status, reasons } = component.health;
  return (
    <span className="mesh-health-cell">
      <span className={`mesh-health mesh-health--${HEALTH_CLASS[status]}`}>
        <span aria-hidden="true">{HEALTH_MARK[status]}</span> {status === 'Failure' ? 'Failing' : status}
      </span>
      {reasons[0] && <span className="mesh-reason">{reasons[0]}</span>}
    </span>
  );
}
