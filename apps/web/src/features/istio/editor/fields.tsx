import { useId, type ReactNode } from 'react';

/**
 * Small controlled inputs where blank means "unset" (the form mapping's convention). The label
 * alone names the control; an error describes it (`aria-describedby`), so the name stays the same
 * whether or not an error shows.
 */

export function TextField(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  error?: string;
  /** The id of a `<datalist>` of suggestions. */
  list?: string;
}) {
  const id = useId();
  return (
    <label className="field">
      <span id={`${id}-label`}>{props.label}</span>
      <input
        type="text"
        value={props.value ?? ''}
        placeholder={props.placeholder}
        list={props.list}
        aria-invalid={props.error ? true : undefined}
        aria-labelledby={`${id}-label`}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      {props.error && <FieldError id={`${id}-error`}>{props.error}</FieldError>}
    </label>
  );
}

export function NumberField(props: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  error?: string;
}) {
  const id = useId();
  return (
    <label className="field field--number">
      <span id={`${id}-label`}>{props.label}</span>
      <input
        type="number"
        value={props.value === undefined || Number.isNaN(props.value) ? '' : props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-invalid={props.error ? true : undefined}
        aria-labelledby={`${id}-label`}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {props.error && <FieldError id={`${id}-error`}>{props.error}</FieldError>}
    </label>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  onChange: (value: T | undefined) => void;
  /** Text shown for an option, when not the value itself. */
  labels?: Partial<Record<T, string>>;
  /** No "(unset)" choice. */
  required?: boolean;
  error?: string;
}) {
  const id = useId();
  return (
    <label className="field">
      <span id={`${id}-label`}>{props.label}</span>
      <select
        value={props.value ?? ''}
        aria-invalid={props.error ? true : undefined}
        aria-labelledby={`${id}-label`}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange((e.target.value || undefined) as T | undefined)}
      >
        {(!props.required || props.value === undefined) && <option value="">(unset)</option>}
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.labels?.[o] ?? o}
          </option>
        ))}
      </select>
      {props.error && <FieldError id={`${id}-error`}>{props.error}</FieldError>}
    </label>
  );
}

export function FieldError({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <span className="field__error" role="alert" id={id}>
      <span aria-hidden="true">✕ </span>
      {children}
    </span>
  );
}

/** "a, b, c" <-> ['a','b','c'] for short string lists (hosts, gateways). */
export const joinList = (list: readonly string[]) => list.join(', ');
export const splitList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
