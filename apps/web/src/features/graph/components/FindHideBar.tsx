import { useEffect, useId, useState } from 'react';
import { parseFind } from '../find/findLanguage.ts';

interface Props {
  find: string;
  hide: string;
  /** How many elements Find matched, when it has a valid expression. */
  foundCount: number | undefined;
  hiddenCount: number | undefined;
  onFind: (text: string) => void;
  onHide: (text: string) => void;
  /** Whether the Find box holds an expression that parses: while it does not, the page marks nothing. */
  onFindDraftValid?: (valid: boolean) => void;
}

/** The two expression boxes; an expression applies on Enter or when the box loses focus. */
export function FindHideBar({
  find,
  hide,
  foundCount,
  hiddenCount,
  onFind,
  onHide,
  onFindDraftValid,
}: Props) {
  const [showHelp, setShowHelp] = useState(false);
  return (
    <div className="find-bar">
      <ExpressionInput
        label="Find"
        value={find}
        count={foundCount}
        countLabel="found"
        onCommit={onFind}
        onValidity={onFindDraftValid}
        placeholder="name = reviews, %httperr > 5, !healthy"
      />
      <ExpressionInput
        label="Hide"
        value={hide}
        count={hiddenCount}
        countLabel="hidden"
        onCommit={onHide}
        placeholder="namespace = istio-system, idle"
      />
      <button
        type="button"
        className="icon-button icon-button--small"
        aria-expanded={showHelp}
        aria-label="Find and hide help"
        onClick={() => setShowHelp((s) => !s)}
      >
        ?
      </button>
      {showHelp && <FindHelp />}
    </div>
  );
}

function ExpressionInput(props: {
  label: string;
  value: string;
  count: number | undefined;
  countLabel: string;
  placeholder: string;
  onCommit: (text: string) => void;
  onValidity?: (valid: boolean) => void;
}) {
  const [text, setText] = useState(props.value);
  const errorId = useId();
  const inputId = useId();
  // The URL is the source of truth: Back, a link or a reset changes the box too.
  useEffect(() => setText(props.value), [props.value]);
  const parsed = parseFind(text);
  const error = parsed.ok ? undefined : parsed.error;
  const { onValidity } = props;
  useEffect(() => {
    onValidity?.(error === undefined);
  }, [onValidity, error]);
  const commit = () => {
    if (text !== props.value && parseFind(text).ok) props.onCommit(text);
  };
  return (
    <div className={`expr${error ? ' expr--invalid' : ''}`}>
      <div className="expr__field">
        <label className="expr__label" htmlFor={inputId}>
          {props.label}
        </label>
        <input
          id={inputId}
          className="input expr__input"
          type="text"
          spellCheck={false}
          value={text}
          placeholder={props.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') {
              setText('');
              props.onCommit('');
            }
          }}
        />
        {!error && props.value && props.count !== undefined && (
          <span className="expr__count" aria-live="polite">
            {props.count === 0 ? `nothing ${props.countLabel}` : `${props.count} ${props.countLabel}`}
          </span>
        )}
      </div>
      {error && (
        <p className="expr__error" id={errorId} role="alert">
          {error.message}
          {text.length > 0 && (
            <code className="expr__where">
              {text.slice(0, error.start)}
              <mark>{text.slice(error.start, Math.max(error.end, error.start + 1)) || ' '}</mark>
              {text.slice(Math.max(error.end, error.start + 1))}
            </code>
          )}
        </p>
      )}
    </div>
  );
}

function FindHelp() {
  return (
    <div className="find-help" role="note">
      <p>
        Conditions: <code>field op value</code> with <code>= != &gt; &gt;= &lt; &lt;=</code>, or a flag. Join
        with <code>AND</code>/<code>OR</code>, negate with <code>!</code> or <code>NOT</code>, group with
        parentheses. <code>*</code> matches any characters in a name.
      </p>
      <p>
        Names: <code>name</code> <code>namespace</code>/<code>ns</code> <code>app</code> <code>version</code>{' '}
        <code>workload</code> <code>service</code> <code>type</code> <code>health</code> <code>protocol</code>
        . Numbers: <code>rate</code> (rps) <code>%httperr</code> <code>%httptraffic</code> <code>rt</code>{' '}
        (ms) <code>mtls</code> (%) <code>throughput</code> <code>httpin</code> <code>httpout</code>.
      </p>
      <p>
        Flags: <code>healthy</code> <code>degraded</code> <code>failure</code> <code>unhealthy</code>{' '}
        <code>mtls</code> <code>idle</code> <code>root</code> <code>outside</code> <code>gateway</code>{' '}
        <code>serviceentry</code> <code>unknown</code> <code>nosidecar</code> <code>vs</code> <code>cb</code>{' '}
        <code>fault</code> <code>shifting</code> <code>mirror</code> <code>timeout</code> <code>http</code>{' '}
        <code>grpc</code> <code>tcp</code> <code>node</code> <code>edge</code>.
      </p>
      <p>
        Examples: <code>name = reviews</code> · <code>%httperr &gt; 5</code> ·{' '}
        <code>rt &gt; 200 AND edge</code> · <code>!healthy</code> ·{' '}
        <code>namespace = bookinfo OR gateway</code>
      </p>
    </div>
  );
}
