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
  it('needs a namespace and a service', () => expect(parseTrafficShiftTarget('service=x')).toBeUndefined());
});
