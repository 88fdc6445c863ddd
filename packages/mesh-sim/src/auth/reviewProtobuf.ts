import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { badRequest } from '../store/errors.ts';

/** `k8s\0`: the prefix of Kubernetes' protobuf envelope (runtime.Unknown). */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

type Fields = (reader: BinaryReader, field: number, wire: WireType, out: Record<string, unknown>) => boolean;

function message(bytes: Uint8Array, fields: Fields): Record<string, unknown> {
  const reader = new BinaryReader(bytes);
  const out: Record<string, unknown> = {};
  while (reader.pos < reader.len) {
    const [field, wire] = reader.tag();
    if (!fields(reader, field, wire, out)) reader.skip(wire, field);
  }
  return out;
}

/** A message whose fields are all strings, by field number. */
const strings =
  (names: Record<number, string>): Fields =>
  (reader, field, wire, out) => {
    const name = names[field];
    if (!name || wire !== WireType.LengthDelimited) return false;
    out[name] = reader.string();
    return true;
  };

// Field numbers of k8s.io/api/authorization/v1/generated.proto.
const resourceAttributes = strings({
  1: 'namespace',
  2: 'verb',
  3: 'group',
  4: 'version',
  5: 'resource',
  6: 'subresource',
  7: 'name',
});
const nonResourceAttributes = strings({ 1: 'path', 2: 'verb' });

/** SubjectAccessReviewSpec; the self review's spec is its first two fields. */
const accessSpec: Fields = (reader, field, wire, out) => {
  if (wire !== WireType.LengthDelimited) return false;
  switch (field) {
    case 1:
      out.resourceAttributes = message(reader.bytes(), resourceAttributes);
      return true;
    case 2:
      out.nonResourceAttributes = message(reader.bytes(), nonResourceAttributes);
      return true;
    case 3:
      out.user = reader.string();
      return true;
    case 4:
      out.groups = [...((out.groups as string[] | undefined) ?? []), reader.string()];
      return true;
    case 6:
      out.uid = reader.string();
      return true;
    default:
      return false;
  }
};

const SPECS: Record<string, Fields> = {
  SelfSubjectAccessReview: accessSpec,
  SubjectAccessReview: accessSpec,
  LocalSubjectAccessReview: accessSpec,
  SelfSubjectRulesReview: strings({ 1: 'namespace' }),
  SelfSubjectReview: () => false,
};

/**
 * Decodes an access review sent as `application/vnd.kubernetes.protobuf`, as kubectl sends
 * `auth can-i` and `auth whoami`, into the JSON shape: the envelope's type, and the spec.
 */
export function decodeReviewProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b))
    throw badRequest('the protobuf body does not start with the Kubernetes envelope prefix');
  try {
    let typeMeta: Record<string, unknown> = {};
    let raw: Uint8Array = new Uint8Array();
    message(body.subarray(MAGIC.length), (reader, field, wire) => {
      if (wire !== WireType.LengthDelimited) return false;
      if (field === 1) typeMeta = message(reader.bytes(), strings({ 1: 'apiVersion', 2: 'kind' }));
      else if (field === 2) raw = reader.bytes();
      else return false;
      return true;
    });
    const specFields = SPECS[String(typeMeta.kind)];
    if (!specFields) throw new Error(`unexpected kind ${String(typeMeta.kind)}`);
    let spec: Record<string, unknown> = {};
    message(raw, (reader, field, wire) => {
      if (field !== 2 || wire !== WireType.LengthDelimited) return false;
      spec = message(reader.bytes(), specFields);
      return true;
    });
    return { ...typeMeta, spec };
  } catch (error) {
    throw badRequest(`error decoding protobuf body: ${(error as Error).message}`);
  }
}
