/** The × in the side panel's header: back to the graph summary. */
export function CloseDetailsButton({ onClose }: { onClose: () => void }) {
  return (
    <button type="button" className="details__close" aria-label="Close details" onClick={onClose}>
      ×
    </button>
  );
}
