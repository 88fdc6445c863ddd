// Sets the theme before first paint so a dark-mode user never sees a white flash. A file rather
// than an inline script, so the Content-Security-Policy can stay `script-src 'self'`.
// Mirrors src/lib/theme.ts (storage key and values); keep the two in step.
(function () {
  var stored = null;
  try {
    stored = localStorage.getItem('sextant.theme');
  } catch {
    // Storage blocked (private mode, policy): follow the system setting.
  }
  var dark = stored === 'dark' || (stored !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
