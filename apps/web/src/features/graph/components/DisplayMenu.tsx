import { usePopover } from '../../../lib/usePopover.ts';
import type { UpdateView } from '../useGraphViewState.ts';
import {
  BUDGETS,
  type AnimationMode,
  type BoxBy,
  type EdgeLabelMode,
  type GraphViewState,
} from '../urlState.ts';
import { Chevron } from './NamespacePicker.tsx';

const EDGE_LABELS: Array<{ value: EdgeLabelMode; label: string }> = [
  { value: 'rate', label: 'Request rate' },
  { value: 'percent', label: 'Traffic share %' },
  { value: 'rtP95', label: 'Response time p95' },
  { value: 'rtAvg', label: 'Response time avg' },
  { value: 'throughput', label: 'Throughput' },
  { value: 'none', label: 'None' },
];

const ANIMATION: Array<{ value: AnimationMode; label: string }> = [
  { value: 'auto', label: 'Auto (small graphs)' },
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

/** Display options in one popover: they change how the graph looks, and some what is fetched. */
export function DisplayMenu({ view, update }: { view: GraphViewState; update: UpdateView }) {
  const { open, setOpen, rootRef } = usePopover();

  const toggleBox = (box: BoxBy) =>
    update({ boxBy: view.boxBy.includes(box) ? view.boxBy.filter((b) => b !== box) : [...view.boxBy, box] });

  return (
    <div className="picker picker--right" ref={rootRef}>
      <button
        type="button"
        className="select-button"
        aria-haspopup="true"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="select-button__value">Display</span>
        <Chevron />
      </button>
      {open && (
        <div className="popover popover--display" role="group" aria-label="Display options">
          <fieldset className="checklist">
            <legend className="checklist__legend">Edge labels</legend>
            {EDGE_LABELS.map((o) => (
              <label key={o.value} className="checklist__item">
                <input
                  type="radio"
                  name="edge-labels"
                  checked={view.edgeLabel === o.value}
                  onChange={() => update({ edgeLabel: o.value }, { replace: true })}
                />
                {o.label}
              </label>
            ))}
          </fieldset>
          <fieldset className="checklist">
            <legend className="checklist__legend">Show</legend>
            <Check
              label="Service nodes"
              checked={view.serviceNodes}
              onChange={(v) => update({ serviceNodes: v })}
            />
            <Check label="Idle nodes" checked={view.idleNodes} onChange={(v) => update({ idleNodes: v })} />
            <Check
              label="Security (mTLS locks)"
              checked={view.security}
              onChange={(v) => update({ security: v }, { replace: true })}
            />
            <Check
              label="Config badges"
              checked={view.badges}
              onChange={(v) => update({ badges: v }, { replace: true })}
            />
            <Check
              label="Namespace boxes"
              checked={view.boxBy.includes('namespace')}
              onChange={() => toggleBox('namespace')}
            />
            <Check label="App boxes" checked={view.boxBy.includes('app')} onChange={() => toggleBox('app')} />
          </fieldset>
          <label className="field field--stacked">
            <span className="checklist__legend">Traffic animation</span>
            <select
              className="select"
              value={view.animation}
              onChange={(e) => update({ animation: e.target.value as AnimationMode }, { replace: true })}
            >
              {ANIMATION.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field field--stacked">
            <span className="checklist__legend">Node budget</span>
            <select
              className="select"
              value={view.budget}
              title="Above this many nodes the graph starts with one node per namespace"
              onChange={(e) => update({ budget: Number(e.target.value) })}
            >
              {[...new Set([...BUDGETS, view.budget])]
                .sort((a, b) => a - b)
                .map((b) => (
                  <option key={b} value={b}>
                    {b === 0 ? 'None: draw every node' : `${b.toLocaleString('en-US')} nodes`}
                  </option>
                ))}
            </select>
          </label>
        </div>
      )}
    </div>
  );
}

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="checklist__item">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
