import { describe, expect, it } from 'vitest';
import { istioListSearch, parseIstioListState, type IstioListState } from './listUrlState.ts';

describe('Istio list URL state', () => {
  it.each<[string, IstioListState]>([
    ['', { namespaces: ['bookinfo'], kinds: [], valid: undefined }],
    [
      'namespaces=a,b&kind=virtualservices,bogus&valid=false',
      { namespaces: ['a', 'b'], kinds: ['virtualservices'], valid: false },
    ],
    ['namespaces=a&valid=maybe', { namespaces: ['a'], kinds: [], valid: undefined }],
  ])('parses %j', (search, state) => expect(parseIstioListState(search)).toEqual(state));

  it.each<IstioListState>([
    { namespaces: ['bookinfo'], kinds: [], valid: undefined },
    { namespaces: ['a', 'b'], kinds: ['destinationrules', 'gateways'], valid: true },
  ])('round-trips %j', (state) => expect(parseIstioListState(istioListSearch(state))).toEqual(state));
});
