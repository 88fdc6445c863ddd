import { describe, expect, it } from 'vitest';
import { startControllers } from '../../controllers/index.ts';
import { seed } from '../../scenarios/seed.ts';
import { ObjectStore } from '../../store/store.ts';
import { TrafficEngine } from '../engine.ts';
import { CollectingSink } from '../__fixtures__/mesh.ts';
import { generatedScenarioObjects, generatedTrafficModel } from './generated.ts';

describe('generated scenario', () => {
  const opts = { namespaces: 3, services: 6, seed: 5 };

  it('is the same for the same options and differs with the seed', () => {
    expect(generatedScenarioObjects(opts)).toEqual(generatedScenarioObjects(opts));
    expect(generatedTrafficModel(opts)).toEqual(generatedTrafficModel(opts));
    expect(generatedTrafficModel({ ...opts, seed: 6 })).not.toEqual(generatedTrafficModel(opts));
  });

  it('creates N injected namespaces with M services each, plus the gateway', () => {
    const objects = generatedScenarioObjects(opts);
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    expect(of('Namespace').map((n) => n.metadata.name)).toEqual(['istio-system', 'ns-0', 'ns-1', 'ns-2']);
    expect(of('Service').filter((s) => s.metadata.namespace?.startsWith('ns-'))).toHaveLength(18);
    expect(of('Gateway')).toHaveLength(1);
    expect(of('VirtualService')).toHaveLength(3);
    expect(of('Deployment').length).toBeGreaterThanOrEqual(19);
  });

  it('sends traffic to every workload through the real store and controllers', () => {
    const store = new ObjectStore();
    seed(store, generatedScenarioObjects(opts));
    const controllers = startControllers(store, { seed: '1', now: () => new Date() });
    controllers.settle();
    const sink = new CollectingSink();
    const engine = new TrafficEngine({ reader: store, model: generatedTrafficModel(opts), seed: 1, sink });
    for (let i = 0; i < 20; i++) engine.tick(i * 1000, 1);
    const reached = new Set(
      sink.http_.filter((o) => o.reporter === 'destination').map((o) => o.destination!.key),
    );
    const deployments = generatedScenarioObjects(opts)
      .filter((o) => o.kind === 'Deployment' && o.metadata.namespace !== 'istio-system')
      .map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
    expect([...reached].sort()).toEqual(deployments.sort());
    expect(new Set(sink.http_.filter((o) => o.reporter === 'destination').map((o) => o.security))).toEqual(
      new Set(['mutual_tls']),
    );
    controllers.stop();
    engine.stop();
  });
});
