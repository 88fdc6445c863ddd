import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './chunkLoadError.ts';

describe('isChunkLoadError', () => {
  it.each<[string, unknown, boolean]>([
    [
      'Chromium',
      new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/GraphPage-3f2a.js'),
      true,
    ],
    ['Firefox', new TypeError('error loading dynamically imported module: http://x/assets/a.js'), true],
    ['Safari', new TypeError('Importing a module script failed.'), true],
    ['Vite CSS preload', new Error('Unable to preload CSS for /assets/GraphPage-3f2a.css'), true],
    ['webpack wording', new Error('Loading chunk 42 failed.'), true],
    ['a render bug is not one', new TypeError("Cannot read properties of undefined (reading 'map')"), false],
    ['a string thrown', 'Failed to fetch dynamically imported module', false],
    ['nothing', undefined, false],
  ])('%s', (_, error, expected) => expect(isChunkLoadError(error)).toBe(expected));
});
