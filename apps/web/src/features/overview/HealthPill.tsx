import type { OverviewHealth } from '@sextant/contracts';
import { HEALTH_MARK, HEALTH_WORDS } from './overviewFormat.ts';

/** A namespace's state as a word and a mark, never by colour alone. */
export function HealthPill({ health }: { health: OverviewHealth }) {
  return (
    <span className={`ov-health ov-health--${health}`}>
      <span className="ov-health__mark" aria-hidden="true">
        {HEALTH_MARK[health]}
      </span>
      <span>{HEALTH_WORDS[health]}</span>
    </span>
  );
}
