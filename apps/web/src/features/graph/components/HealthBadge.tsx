import { HEALTH_TEXT, type HealthLevel } from '../model/graphView.ts';

const ICON: Record<HealthLevel, string> = { healthy: '✓', degraded: '!', failure: '×', na: '–' };

/** Health as a word and a mark, never by colour alone. */
export function HealthBadge({ health }: { health: HealthLevel }) {
  return (
    <span className={`health health--${health}`}>
      <span className="health__mark" aria-hidden="true">
        {ICON[health]}
      </span>
      {HEALTH_TEXT[health]}
    </span>
  );
}
