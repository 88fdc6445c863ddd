import { useId } from 'react';

export interface ContainerOption {
  name: string;
  isSidecar: boolean;
  isInit: boolean;
}

/** Up to this many containers show side by side; more go into a select. */
const MAX_SEGMENTS = 4;

/** What the choice says about a container: the sidecar's log is Envoy's access log. */
export function containerLabel(c: ContainerOption): string {
  return `${c.name}${c.isSidecar ? ' (access log)' : c.isInit ? ' (init)' : ''}`;
}

/**
 * The pod's containers. A pod with a sidecar has two logs worth reading (the app's and Envoy's
 * access log), so a few containers show as a segmented choice, every one visible at once; many go
 * into a select.
 */
export function ContainerChoice({
  containers,
  value,
  onChange,
}: {
  containers: readonly ContainerOption[];
  value: string | undefined;
  onChange: (name: string) => void;
}) {
  const group = useId();
  if (containers.length < 2 || containers.length > MAX_SEGMENTS)
    return (
      <label className="field">
        <span className="field__label">Container</span>
        <select
          className="select select--small"
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value)}
        >
          {containers.map((c) => (
            <option key={c.name} value={c.name}>
              {containerLabel(c)}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <fieldset className="field logs-containers">
      <legend className="field__label">Container</legend>
      <div className="logs-segmented" role="radiogroup" aria-label="Container">
        {containers.map((c) => (
          <label
            key={c.name}
            className={`logs-segmented__option${c.name === value ? ' logs-segmented__option--on' : ''}`}
          >
            <input
              type="radio"
              name={group}
              value={c.name}
              checked={c.name === value}
              onChange={() => onChange(c.name)}
            />
            <span className="logs-segmented__name">{c.name}</span>
            {c.isSidecar ? (
              <span className="logs-segmented__note"> (access log)</span>
            ) : c.isInit ? (
              <span className="logs-segmented__note"> (init)</span>
            ) : null}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
