import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.ts';

describe('matchRoute', () => {
  it.each([
    ['/', 'namespaces'],
    ['/namespaces', 'namespaces'],
    ['/namespaces/', 'namespaces'],
    ['/graph', 'graph'],
    ['/graph/', 'graph'],
    ['/graphs', 'notFound'],
    ['/istio', 'notFound'],
  ])('%s -> %s', (path, route) => expect(matchRoute(path)).toBe(route));
});
