import { rebalanceWithLocks } from '@sextant/mesh';
import { useEffect, useState } from 'react';
import './wizard.css';

interface Props {
  title: string;
  versions: readonly string[];
  weights: readonly number[];
  onChange: (weights: number[]) => void;
}

/**
 * One weight per version. The rule, said under the rows: a weight you set is locked, and the
 * unlocked rows share the rest, so the total stays 100 while any row is free to absorb the
 * difference. The total is always shown; the page refuses Apply unless it is 100.
 */
export function WeightsFieldset({ title, versions, weights, onChange }: Props) {
  const [locked, setLocked] = useState<boolean[]>(() => versions.map(() => false));
  const sum = weights.reduce((a, b) => a + b, 0);
  const set = (i: number, value: number) => {
    onChange(rebalanceWithLocks(weights, locked, i, value));
    setLocked((l) => l.map((x, k) => (k === i ? true : x)));
  };
  const toggle = (i: number) => setLocked((l) => l.map((x, k) => (k === i ? !x : x)));
  return (
    <fieldset className="form" aria-label="Weights">
      <legend className="form__title">{title}</legend>
      {versions.map((v, i) => (
        <div key={v} className="form__row wizard__weight">
          <span className="wizard__version">{v}</span>
          <input
            type="range"
            min={0}
            max={100}
            value={weights[i]}
            aria-label={`Weight slider of ${v}`}
            onChange={(e) => set(i, Number(e.target.value))}
          />
          <WeightInput
            label={`Weight of ${v}`}
            value={weights[i]!}
            invalid={sum !== 100}
            onChange={(value) => set(i, value)}
          />
          <span className="muted">%</span>
          <button
            type="button"
            className={`wizard__lock${locked[i] ? ' wizard__lock--on' : ''}`}
            aria-pressed={locked[i]}
            aria-label={`Lock weight of ${v}`}
            title={locked[i] ? 'Locked: other changes leave it alone' : 'Unlocked: absorbs other changes'}
            onClick={() => toggle(i)}
          >
            {locked[i] ? 'Locked' : 'Unlocked'}
          </button>
        </div>
      ))}
      <div className={`wizard__total${sum === 100 ? '' : ' wizard__total--off'}`} role="status">
        <span className="wizard__version">Total</span>
        <strong>{sum} %</strong>
        <span className="muted">
          {sum === 100
            ? 'A weight you set is locked; the unlocked ones share the rest.'
            : `must be 100: unlock a row to absorb the difference, or change a weight by ${100 - sum}.`}
        </span>
      </div>
    </fieldset>
  );
}

/**
 * The typed text is kept while the field has focus, so clearing it to type a new number does not
 * snap back to 0 (or show "080") while the other rows follow what the text says.
 */
function WeightInput(props: {
  label: string;
  value: number;
  invalid: boolean;
  onChange: (value: number) => void;
}) {
  const [text, setText] = useState(String(props.value));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(String(props.value));
  }, [props.value, editing]);
  return (
    <input
      type="number"
      min={0}
      max={100}
      value={editing ? text : String(props.value)}
      aria-label={props.label}
      aria-invalid={props.invalid ? true : undefined}
      onFocus={() => setEditing(true)}
      onBlur={() => setEditing(false)}
      onChange={(e) => {
        setText(e.target.value);
        props.onChange(e.target.value === '' ? 0 : Number(e.target.value));
      }}
    />
  );
}
