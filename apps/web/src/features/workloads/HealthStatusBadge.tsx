import type { Health } from '@sextant/contracts';

const LOOK: Record<Health['status'], { level: string; mark: string; text: string }> = {
  Healthy: { level: 'healthy', mark: '✓', text: 'Healthy' },
  Degraded: { level: 'degraded', mark: '!', text: 'Degraded' },
  Failure: { level: 'failure', mark: '×', text: 'Failure' },
  'Not Ready': { level: 'not-ready', mark: '–', text: 'Not Ready' },
  NA: { level: 'na', mark: '–', text: 'No health data' },
};

/**
 * Health as a word and a mark (never colour alone); the reasons on hover and, unless `compact`,
 * in words beside it, so "why" needs no mouse.
 */
export function HealthStatusBadge({ health, compact = false }: { health: Health; compact?: boolean }) {
  const look = LOOK[health.status];
  const why = health.reasons.join('; ');
  return (
    <span className="health-status">
      <span className={`health health--${look.level}`} title={why || look.text}>
        <span className="health__mark" aria-hidden="true">
          {look.mark}
        </span>
        {look.text}
      </span>
      {!compact && why && <span className="health-status__reason">{why}</span>}
    </span>
  );
}
