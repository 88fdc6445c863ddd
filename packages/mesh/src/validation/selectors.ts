import type { ObjectRef, Validation } from '@sextant/contracts';
import { selectorMatches } from '../cluster/clusterState.ts';
import type { JsonRecord } from '../cluster/json.ts';
import { asRecord, asStringMap } from '../cluster/json.ts';
import type { ValidationContext } from './context.ts';
import { finding, formatLabels } from './finding.ts';

interface Selector {
  labels: Record<string, string>;
  path: string;
  /** The namespace whose workloads it can select; undefined for every namespace. */
  namespace: string | undefined;
}

/** Where each kind keeps its workload selector, and which workloads it may select. */
function selectorOf(ref: ObjectRef, spec: JsonRecord, rootNamespace: string): Selector | undefined {
  const own = ref.namespace;
  // Authorization and request authentication policies in the root namespace apply to every namespace.
  const policyScope = own === rootNamespace ? undefined : own;
  switch (ref.kind) {
    case 'PeerAuthentication':
      return {
        labels: asStringMap(asRecord(spec.selector).matchLabels),
        path: 'spec.selector.matchLabels',
        namespace: own,
      };
    case 'AuthorizationPolicy':
    case 'RequestAuthentication':
      return {
        labels: asStringMap(asRecord(spec.selector).matchLabels),
        path: 'spec.selector.matchLabels',
        namespace: policyScope,
      };
    case 'Sidecar':
      return {
        labels: asStringMap(asRecord(spec.workloadSelector).labels),
        path: 'spec.workloadSelector.labels',
        namespace: own,
      };
    case 'DestinationRule':
      return {
        labels: asStringMap(asRecord(spec.workloadSelector).matchLabels),
        path: 'spec.workloadSelector.matchLabels',
        namespace: own,
      };
    case 'Gateway':
      // istiod matches gateway selectors against gateway pods of every namespace by default.
      return { labels: asStringMap(spec.selector), path: 'spec.selector', namespace: undefined };
    case 'VirtualService':
    case 'ServiceEntry':
      return undefined;
  }
}

export function validateSelector(ref: ObjectRef, spec: JsonRecord, ctx: ValidationContext): Validation[] {
  const selector = selectorOf(ref, spec, ctx.rootNamespace);
  if (!selector || Object.keys(selector.labels).length === 0) return [];
  const { labels, namespace } = selector;
  const found = ctx.state.workloads.some(
    (w) => (namespace === undefined || w.namespace === namespace) && selectorMatches(labels, w.labels),
  );
  if (found) return [];
  return [
    finding(
      'SELECTOR_NO_WORKLOAD',
      ref,
      selector.path,
      `No workload ${namespace === undefined ? 'in any namespace' : `in namespace ${namespace}`} has labels ${formatLabels(labels)}`,
    ),
  ];
}
