import { istioResourceSchema, ISTIO_RESOURCES } from '@sextant/contracts';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { istioConfigKeys, istioObjectQuery } from '../../api/istioConfig.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Link } from '../../components/Link.tsx';
import { RouteBoundary } from '../../components/RouteBoundary.tsx';
import { IstioEditor } from './editor/IstioEditor.tsx';
import './istio.css';

interface Props {
  namespace: string;
  resource: string;
  name: string;
}

export function IstioDetailsPage({ namespace, resource, name }: Props) {
  const parsed = istioResourceSchema.safeParse(resource);
  if (!parsed.success) {
    return (
      <EmptyState title="Unknown kind">
        “{resource}” is not an Istio config kind Sextant knows. Back to the{' '}
        <Link href="/istio">Istio config</Link>.
      </EmptyState>
    );
  }
  const kind = ISTIO_RESOURCES[parsed.data].kind;
  return (
    <section className="page" aria-labelledby="istio-object-heading">
      <header className="page__header">
        <p className="breadcrumb">
          <Link href={`/istio?namespaces=${encodeURIComponent(namespace)}`}>Istio config</Link> / {namespace}{' '}
          / {kind}
        </p>
        <h1 id="istio-object-heading">{name}</h1>
      </header>
      <RouteBoundary subject={`${kind} ${name}`}>
        <LiveObject namespace={namespace} resource={parsed.data} name={name} />
      </RouteBoundary>
    </section>
  );
}

function LiveObject({
  namespace,
  resource,
  name,
}: {
  namespace: string;
  resource: typeof istioResourceSchema._output;
  name: string;
}) {
  const options = istioObjectQuery(namespace, resource, name);
  const query = useSuspenseQuery(options);
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | undefined>();
  // A new key per stored version: after a save the editor starts over from what Kubernetes stored.
  return (
    <>
      {notice && (
        <div className="banner banner--success" role="status">
          <span className="banner__icon" aria-hidden="true">
            ✓
          </span>
          <p className="banner__text">{notice}</p>
        </div>
      )}
      <IstioEditor
        key={query.data.object.metadata.resourceVersion}
        namespace={namespace}
        resource={resource}
        loaded={query.data}
        onSaved={(envelope) => {
          setNotice(`Applied: stored as resourceVersion ${envelope.object.metadata.resourceVersion ?? '?'}.`);
          queryClient.setQueryData(options.queryKey, envelope);
          void queryClient.invalidateQueries({ queryKey: [...istioConfigKeys.all, 'list'] });
        }}
        onEdit={() => setNotice(undefined)}
      />
    </>
  );
}
