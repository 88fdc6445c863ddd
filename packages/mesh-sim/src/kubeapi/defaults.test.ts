import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../store/store.ts';
import type { KubeObject } from '../store/types.ts';
import { applyCreateDefaults } from './defaults.ts';

describe('applyCreateDefaults', () => {
  it('folds a Secret stringData into base64 data, type Opaque', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'n' },
      data: { kept: 'YQ==' },
      stringData: { 'client-secret': 'replace-me' },
    };
    applyCreateDefaults(new ObjectStore(), 'Secret', secret);
    expect(secret).toMatchObject({
      type: 'Opaque',
      data: { kept: 'YQ==', 'client-secret': Buffer.from('replace-me').toString('base64') },
    });
    expect(secret.stringData).toBeUndefined();
  });
});
