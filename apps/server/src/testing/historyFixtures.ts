import type { NewChange } from '../history/changeStore.ts';

/** A recorded change for tests: a VirtualService `bookinfo/reviews` created, seen (not attributed). */
export const newChange = (over: Partial<NewChange> = {}): NewChange => ({
  time: 1_000,
  kind: 'virtualServices',
  objectKind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'reviews',
  operation: 'create',
  resourceVersion: '1',
  author: undefined,
  attributed: false,
  seenLate: false,
  paths: ['spec.http'],
  before: undefined,
  after: { spec: { hosts: ['reviews'] } },
  ...over,
});
