import type { KubeObject } from '../store/types.ts';
import type { ResourceType } from './resources.ts';

/** Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), as kubectl get expects. */
interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  priority?: number;
  cell: (o: KubeObject, now: Date) => string | number;
}

type Loose = Record<string, unknown>;
const field = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Loose)[k] : undefined), o);
const asLoose = (v: unknown): Loose =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = '<none>'): string =>
  v === undefined || v === null || v === ''
    ? fallback
    : Array.isArray(v)
      ? v.map(String).join(',')
      : String(v);

/** `kubectl`'s short age format: 45s, 12m, 3h, 5d, 2y. */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 730 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

const name: Column = { name: 'Name', type: 'string', cell: (o) => o.metadata.name };
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => humanAge(o.metadata.creationTimestamp, now),
};

function podReady(o: KubeObject): string {
  const statuses = list(field(o, 'status', 'containerStatuses'));
  const ready = statuses.filter((s) => field(s, 'ready') === true).length;
  return `${ready}/${list(field(o, 'spec', 'containers')).length}`;
}

function servicePorts(o: KubeObject): string {
  const ports = list(field(o, 'spec', 'ports')).map(
    (p) =>
      `${str(field(p, 'port'))}${field(p, 'nodePort') ? `:${str(field(p, 'nodePort'))}` : ''}/${str(field(p, 'protocol'), 'TCP')}`,
  );
  return ports.length > 0 ? ports.join(',') : '<none>';
}

const dataCount: Column = {
  name: 'Data',
  type: 'integer',
  cell: (o) => Object.keys(asLoose(o.data)).length + Object.keys(asLoose(o.binaryData)).length,
};
const roleOf: Column = {
  name: 'Role',
  type: 'string',
  cell: (o) => `${str(field(o, 'roleRef', 'kind'), '')}/${str(field(o, 'roleRef', 'name'), '')}`,
};
const createdAt: Column = {
  name: 'Created At',
  type: 'date',
  cell: (o) => str(o.metadata.creationTimestamp, ''),
};

const COLUMNS: Record<string, Column[]> = {
  ConfigMap: [name, dataCount, age],
  Secret: [name, { name: 'Type', type: 'string', cell: (o) => str(o.type, 'Opaque') }, dataCount, age],
  ClusterRole: [name, createdAt],
  Role: [name, createdAt],
  ClusterRoleBinding: [name, roleOf, age],
  RoleBinding: [name, roleOf, age],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => str(field(o, 'status', 'phase'), 'Active') },
    age,
  ],
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    { name: 'Status', type: 'string', cell: (o) => str(field(o, 'status', 'phase'), 'Pending') },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        list(field(o, 'status', 'containerStatuses')).reduce<number>(
          (n, s) => n + Number(field(s, 'restartCount') ?? 0),
          0,
        ),
    },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => str(field(o, 'status', 'podIP')) },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => str(field(o, 'spec', 'nodeName')) },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) =>
        `${Number(field(o, 'status', 'readyReplicas') ?? 0)}/${Number(field(o, 'spec', 'replicas') ?? 1)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => Number(field(o, 'status', 'updatedReplicas') ?? 0) },
    { name: 'Available', type: 'integer', cell: (o) => Number(field(o, 'status', 'availableReplicas') ?? 0) },
    age,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => str(field(o, 'spec', 'type'), 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', cell: (o) => str(field(o, 'spec', 'clusterIP')) },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    { name: 'Port(s)', type: 'string', cell: servicePorts },
    age,
  ],
  VirtualService: [
    name,
    {
      name: 'Gateways',
      type: 'string',
      cell: (o) =>
        `[${list(field(o, 'spec', 'gateways'))
          .map(String)
          .join(' ')}]`,
    },
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) =>
        `[${list(field(o, 'spec', 'hosts'))
          .map(String)
          .join(' ')}]`,
    },
    age,
  ],
  DestinationRule: [name, { name: 'Host', type: 'string', cell: (o) => str(field(o, 'spec', 'host')) }, age],
  ServiceEntry: [
    name,
    {
      name: 'Hosts',
      type: 'string',
      cell: (o) =>
        `[${list(field(o, 'spec', 'hosts'))
          .map(String)
          .join(' ')}]`,
    },
    { name: 'Location', type: 'string', cell: (o) => str(field(o, 'spec', 'location'), '') },
    { name: 'Resolution', type: 'string', cell: (o) => str(field(o, 'spec', 'resolution'), '') },
    age,
  ],
  PeerAuthentication: [
    name,
    { name: 'Mode', type: 'string', cell: (o) => str(field(o, 'spec', 'mtls', 'mode'), '') },
    age,
  ],
  AuthorizationPolicy: [
    name,
    { name: 'Action', type: 'string', cell: (o) => str(field(o, 'spec', 'action'), 'ALLOW') },
    age,
  ],
};

export function tableOf(
  resource: ResourceType,
  objects: readonly KubeObject[],
  listMeta: Loose,
  now: Date,
): Loose {
  const columns = COLUMNS[resource.kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.name === 'Name' ? 'name' : '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}

export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0] ?? '';
  return /;\s*as=Table/.test(first);
}
