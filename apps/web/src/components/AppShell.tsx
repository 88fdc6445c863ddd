import type { ReactNode } from 'react';
import { useTheme } from '../lib/useTheme.ts';
import { ThemeToggle } from './ThemeToggle.tsx';

/** Header, navigation and the page below; the graph page joins the nav when it exists. */
export function AppShell({ children }: { children: ReactNode }) {
  const { theme, toggle } = useTheme();
  return (
    <div className="shell">
      <header className="shell__header">
        <a className="brand" href="/">
          <Logo />
          <span className="brand__name">Sextant</span>
        </a>
        <nav className="nav" aria-label="Main">
          <a className="nav__link" href="/" aria-current="page">
            Namespaces
          </a>
          <span className="nav__link nav__link--soon" aria-disabled="true" title="Coming soon">
            Traffic graph
          </span>
          <span className="nav__link nav__link--soon" aria-disabled="true" title="Coming soon">
            Istio config
          </span>
        </nav>
        <div className="shell__actions">
          <ThemeToggle theme={theme} onToggle={toggle} />
        </div>
      </header>
      <main className="shell__main">{children}</main>
    </div>
  );
}

function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
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
