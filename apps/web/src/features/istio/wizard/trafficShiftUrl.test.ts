import { describe, expect, it } from 'vitest';
import { parseTrafficShiftTarget, trafficShiftHref } from './trafficShiftUrl.ts';

describe('traffic shift URL', () => {
  it('round-trips', () => {
    const target = { namespace: 'bookinfo', service: 'reviews', versions: ['v1', 'v2', 'v3'] };
    const href = trafficShiftHref({ ...target, versions: ['v3', 'v1', 'v2'] });
    expect(href).toBe('/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2,v3');
    expect(parseTrafficShiftTarget(href.split('?')[1]!)).toEqual(target);
  });
  it('carries the wizard kind, and ignores unknown ones', () => {
    const href = trafficShiftHref({
      namespace: 'bookinfo',
      service: 'reviews',
      versions: ['v1'],
      kind: 'header',
    });
    expect(href).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1&kind=header',
    );
    expect(parseTrafficShiftTarget(href.split('?')[1]!)?.kind).toBe('header');
    expect(parseTrafficShiftTarget('namespace=a&service=b&kind=nope')).not.toHaveProperty('kind');
  });
  it.each(['shift', 'header', 'fault', 'timeout'] as const)('round-trips kind %s', (kind) => {
    const target = { namespace: 'bookinfo', service: 'ratings', versions: ['v1'], kind };
    const parsed = parseTrafficShiftTarget(trafficShiftHref(target).split('?')[1]!);
    // The traffic shift is the wizard's default: its URL has no kind.
    expect(parsed).toEqual(kind === 'shift' ? { ...target, kind: undefined } : target);
    expect(trafficShiftHref(parsed!)).toBe(trafficShiftHref(target));
  });
  it('switching the kind keeps everything else of the URL', () => {
    const target = parseTrafficShiftTarget('namespace=bookinfo&service=reviews&versions=v1,v2&kind=fault')!;
    expect(trafficShiftHref({ ...target, kind: 'timeout' })).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2&kind=timeout',
    );
    expect(trafficShiftHref({ ...target, kind: 'shift' })).toBe(
      '/istio/wizards/traffic-shift?namespace=bookinfo&service=reviews&versions=v1,v2',
    );
  });
  it('needs a namespace and a service', () => expect(parseTrafficShiftTarget('service=x')).toBeUndefined());
});
