import type { ReactNode } from 'react';

/** Small controlled inputs where blank means "unset" (the form mapping's convention). */

export function TextField(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  placeholder?: string;
  error?: string;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="text"
        value={props.value ?? ''}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      {props.error && <FieldError>{props.error}</FieldError>}
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
  return (
    <label className="field field--number">
      <span>{props.label}</span>
      <input
        type="number"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {props.error && <FieldError>{props.error}</FieldError>}
    </label>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  onChange: (value: T | undefined) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        value={props.value ?? ''}
        onChange={(e) => props.onChange((e.target.value || undefined) as T | undefined)}
      >
        <option value="">(unset)</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FieldError({ children }: { children: ReactNode }) {
  return (
    <span className="field__error" role="alert">
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
