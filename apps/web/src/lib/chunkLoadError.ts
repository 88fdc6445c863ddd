/**
 * Whether `error` is a lazy page's code failing to load: after a deploy the old hashed chunks are
 * gone, so an open tab's next `import()` fails. Each browser words it differently; Vite's preload
 * helper adds its own. Reloading fetches the new index.html and the new chunks.
 */
export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return CHUNK_ERROR_PATTERNS.some((pattern) => pattern.test(error.message));
}

const CHUNK_ERROR_PATTERNS = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite's preload helper, CSS of the chunk
  /Loading (CSS )?chunk [\w-]+ failed/i, // webpack-style wording, from older bundles or plugins
];
