import type { LabelForm } from '@sextant/mesh';
import { useState, type FormEvent } from 'react';

interface Props {
  /** 1-based, for the accessible names. */
  subset: number;
  labels: LabelForm[];
  onChange: (labels: LabelForm[]) => void;
  /** `<datalist>` ids: of the label keys on the host's workloads, and of the values seen for a key. */
  keyList: string | undefined;
  valueList: (key: string) => string | undefined;
}

/** One row per label (key = value); a new label is added from the last row once it has a key. */
export function SubsetLabelsEditor({ subset, labels, onChange, keyList, valueList }: Props) {
  const of = `of subset ${subset}`;
  const setLabel = (i: number, label: LabelForm) => onChange(labels.map((l, k) => (k === i ? label : l)));
  return (
    <div className="labels" role="group" aria-label={`Labels ${of}`}>
      <span className="labels__title">Labels</span>
      {labels.map((label, i) => (
        <div key={i} className="labels__row">
          <LabelKeyInput
            label={`Label key ${i + 1} ${of}`}
            value={label.name}
            list={keyList}
            onChange={(name) => setLabel(i, { ...label, name })}
          />
          <span className="labels__eq" aria-hidden="true">
            =
          </span>
          <input
            type="text"
            aria-label={`Label value ${i + 1} ${of}`}
            value={label.value}
            list={valueList(label.name)}
            onChange={(e) => setLabel(i, { ...label, value: e.target.value })}
          />
          <button
            type="button"
            className="button button--small"
            aria-label={`Remove label ${label.name} ${of}`}
            onClick={() => onChange(labels.filter((_, k) => k !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <NewLabel
        of={of}
        taken={labels.map((l) => l.name)}
        keyList={keyList}
        valueList={valueList}
        onAdd={(label) => onChange([...labels, label])}
      />
    </div>
  );
}

/**
 * A label key: the mapping drops labels without a key, so a blank field is kept locally (not
 * written) until it holds a key again; otherwise the row would vanish while being retyped.
 */
function LabelKeyInput(props: {
  label: string;
  value: string;
  list: string | undefined;
  onChange: (name: string) => void;
}) {
  const [text, setText] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  if (props.value !== seen) {
    setSeen(props.value);
    setText(props.value);
  }
  const blank = text.trim() === '';
  return (
    <span className="labels__key">
      <input
        type="text"
        aria-label={props.label}
        value={text}
        list={props.list}
        aria-invalid={blank ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim()) props.onChange(e.target.value.trim());
        }}
      />
      {blank && <span className="field__error">A label needs a key</span>}
    </span>
  );
}

function NewLabel(props: {
  of: string;
  taken: string[];
  keyList: string | undefined;
  valueList: (key: string) => string | undefined;
  onAdd: (label: LabelForm) => void;
}) {
  const [label, setLabel] = useState<LabelForm>({ name: '', value: '' });
  const name = label.name.trim();
  const duplicate = props.taken.includes(name);
  const add = (e?: FormEvent) => {
    e?.preventDefault();
    if (!name || duplicate) return;
    props.onAdd({ name, value: label.value });
    setLabel({ name: '', value: '' });
  };
  return (
    <div className="labels__row labels__row--new">
      <span className="labels__key">
        <input
          type="text"
          aria-label={`New label key ${props.of}`}
          placeholder="key"
          value={label.name}
          list={props.keyList}
          aria-invalid={duplicate ? true : undefined}
          onChange={(e) => setLabel({ ...label, name: e.target.value })}
          onKeyDown={(e) => e.key === 'Enter' && add(e)}
        />
        {duplicate && <span className="field__error">{name} is already a label</span>}
      </span>
      <span className="labels__eq" aria-hidden="true">
        =
      </span>
      <input
        type="text"
        aria-label={`New label value ${props.of}`}
        placeholder="value"
        value={label.value}
        list={props.valueList(name)}
        onChange={(e) => setLabel({ ...label, value: e.target.value })}
        onKeyDown={(e) => e.key === 'Enter' && add(e)}
      />
      <button
        type="button"
        className="button button--small"
        aria-label={`Add label ${props.of}`}
        disabled={!name || duplicate}
        onClick={() => add()}
      >
        Add label
      </button>
    </div>
  );
}
