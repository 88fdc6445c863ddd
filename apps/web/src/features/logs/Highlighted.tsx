import { highlightParts } from './logsView.ts';

/** `text` with each occurrence of `search` marked. */
export function Highlighted({ text, search }: { text: string; search: string }) {
  const parts = highlightParts(text, search);
  if (parts.length === 1 && !parts[0]!.match) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.match ? (
          <mark key={i} className="logs-mark">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
