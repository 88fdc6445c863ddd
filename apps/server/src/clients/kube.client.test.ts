import { describe, expect, it } from 'vitest';
import { aggregateStatus, CORE_KINDS, perKind } from './kube.client.ts';
import type { CacheStatus } from './watchCache.ts';

const synced: CacheStatus = { synced: true, lastError: undefined, lastErrorStatus: undefined };

describe('aggregateStatus', () => {
  it('is synced when every kind asked about is, whatever the others', () => {
    const statuses = perKind(() => synced);
    statuses.gateways = { synced: false, lastError: 'HTTP 404', lastErrorStatus: 404 };
    expect(aggregateStatus(statuses, CORE_KINDS)).toEqual(synced);
  });

  it('gives the shared error as is when every failing cache says the same', () => {
    const down: CacheStatus = {
      synced: false,
      lastError: 'connect ECONNREFUSED',
      lastErrorStatus: undefined,
    };
    expect(
      aggregateStatus(
        perKind(() => down),
        CORE_KINDS,
      ),
    ).toEqual(down);
  });

  it('names the kind when failures differ, preferring one with an error over one still listing', () => {
    const statuses = perKind(() => synced);
    statuses.namespaces = { synced: false, lastError: undefined, lastErrorStatus: undefined };
    statuses.pods = { synced: false, lastError: 'HTTP 403: pods is forbidden', lastErrorStatus: 403 };
    expect(aggregateStatus(statuses, CORE_KINDS)).toEqual({
      synced: false,
      lastError: 'pods: HTTP 403: pods is forbidden',
      lastErrorStatus: 403,
    });
  });
});
