/**
 * What authorization looks at in a request, as kube-apiserver's RequestInfo describes it: a
 * resource request (verb, API group, resource, subresource, namespace, name) or a non-resource
 * one (verb = lower-case HTTP method, path). Absent parts are '' as in Kubernetes.
 */
export type RequestAttributes =
  | {
      resourceRequest: true;
      verb: string;
      apiGroup: string;
      apiVersion: string;
      resource: string;
      subresource: string;
      namespace: string;
      name: string;
    }
  | { resourceRequest: false; verb: string; path: string };

const VERB_OF_METHOD: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Go's strconv.ParseBool, which decodes `?watch=`. */
const isTrue = (value: string | null): boolean => value !== null && /^(1|t|true)$/i.test(value);

/** The name a list/watch selects with `fieldSelector=metadata.name=<name>` (and nothing else). */
function nameFromFieldSelector(selector: string | null): string {
  if (!selector) return '';
  const match = /^\s*metadata\.name\s*==?\s*([^,!=\s]+)\s*$/.exec(selector);
  return match?.[1] ?? '';
}

export function requestAttributes(method: string, url: URL): RequestAttributes {
  const path = url.pathname;
  let parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const nonResource: RequestAttributes = { resourceRequest: false, verb: method.toLowerCase(), path };
  // `/api/v1` and `/apis/{group}/{version}` are discovery documents, not resources.
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource;
  let apiGroup = '';
  if (parts[0] === 'apis') {
    if (parts.length < 4) return nonResource;
    apiGroup = parts[1]!;
    parts = parts.slice(2);
  } else {
    parts = parts.slice(1);
  }
  const apiVersion = parts[0]!;
  parts = parts.slice(1);
  let verb: string;
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    verb = parts[0];
    parts = parts.slice(1);
  } else {
    verb = VERB_OF_METHOD[method.toUpperCase()] ?? '';
  }
  let namespace = '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    namespace = parts[1]!;
    // `namespaces/{ns}/{resource}...`, unless it is the Namespace's own status or finalize.
    if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
  }
  const resource = parts[0] ?? '';
  let name = parts[1] ?? '';
  const subresource = verb === 'proxy' ? '' : (parts[2] ?? '');
  const query = url.searchParams;
  if (name === '' && verb === 'get') {
    verb = isTrue(query.get('watch')) ? 'watch' : 'list';
    name = nameFromFieldSelector(query.get('fieldSelector'));
  } else if (name !== '' && verb === 'get' && isTrue(query.get('watch'))) {
    // mesh-sim serves a watch of the one object here; authorize it as one.
    verb = 'watch';
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { resourceRequest: true, verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}
