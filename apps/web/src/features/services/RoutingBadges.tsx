import type { ServiceConfigBadges } from '@sextant/contracts';
import { routingState } from './servicesView.ts';

const LABEL = { valid: 'Valid', info: 'Info', warning: 'Warning', error: 'Error' } as const;
const ICON = { valid: '✓', info: 'i', warning: '!', error: '✕' } as const;
const OBJECT_TITLE = { VS: 'VirtualService', DR: 'DestinationRule' } as const;

/** The list's Routing cell: which routing objects apply, and their worst finding as icon and word. */
export function RoutingBadges({ config }: { config: ServiceConfigBadges | undefined }) {
  const state = routingState(config);
  switch (state.kind) {
    case 'unknown':
      return (
        <span className="muted small" title="The Istio config could not be read">
          Unknown
        </span>
      );
    case 'none':
      return <span className="muted small">No routing</span>;
    case 'configured':
      return (
        <span className="routing-badges">
          {state.objects.map((o) => (
            <abbr key={o} className="mini-badge" title={OBJECT_TITLE[o]}>
              {o}
            </abbr>
          ))}
          <span className={`badge badge--sev-${state.severity}`}>
            <span className="sev-icon" aria-hidden="true">
              {ICON[state.severity]}
            </span>
            {LABEL[state.severity]}
          </span>
        </span>
      );
  }
}
