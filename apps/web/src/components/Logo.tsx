/** Sextant's mark: the app bar's brand and the sign-in card. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className="brand__logo" viewBox="0 0 32 32" width={size} height={size} aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--accent)" />
      <path
        d="M7 24 16 7l9 17"
        fill="none"
        stroke="#fff"
        strokeWidth="2.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path
        d="M9.5 19.5a9 9 0 0 0 13 0"
        fill="none"
        stroke="var(--accent-soft-strong)"
        strokeWidth="2.5"
        strokeLinecap="round"
      />
      <circle cx="16" cy="7" r="2.2" fill="#fff" />
    </svg>
  );
}
