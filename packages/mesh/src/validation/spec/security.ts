/** istiod's `ValidatePeerAuthentication`, `ValidateAuthorizationPolicy`, `ValidateRequestAuthentication`. */
import { asArray, asRecord, asString, type JsonRecord } from '../../cluster/json.ts';
import { headerNameProblem, validateSelectorLabels } from './common.ts';
import { durationProblem } from './duration.ts';
import type { Problems } from './problems.ts';
import { entries, isSet, keyPath } from './problems.ts';

export function validatePeerAuthenticationSpec(p: Problems, spec: JsonRecord): void {
  const emptySelector = Object.keys(asRecord(asRecord(spec.selector).matchLabels)).length === 0;
  const portLevel = spec.portLevelMtls;
  if (portLevel !== undefined && portLevel !== null) {
    const ports = Object.keys(asRecord(portLevel));
    if (emptySelector && ports.length > 0)
      p.add('spec.portLevelMtls', 'mesh/namespace peer authentication cannot have port level mTLS');
    if (ports.length === 0)
      p.add('spec.portLevelMtls', 'port level mTLS, if defined, must have at least one element');
    for (const port of ports) {
      const n = /^\d+$/.test(port) ? Number(port) : Number.NaN;
      if (!(n >= 1 && n <= 65535))
        p.add(keyPath('spec.portLevelMtls', port), `port ${port} must be in range 1..65535`);
    }
  }
  validateSelectorLabels(p, spec.selector, 'matchLabels', 'spec.selector');
}

const SOURCE_FIELDS = [
  'principals',
  'requestPrincipals',
  'namespaces',
  'ipBlocks',
  'remoteIpBlocks',
  'notPrincipals',
  'notRequestPrincipals',
  'notNamespaces',
  'notIpBlocks',
  'notRemoteIpBlocks',
];
const OPERATION_FIELDS = [
  'ports',
  'methods',
  'paths',
  'hosts',
  'notPorts',
  'notMethods',
  'notPaths',
  'notHosts',
];

/** `security.CheckEmptyValues`. */
function emptyValues(p: Problems, record: JsonRecord, fields: readonly string[], path: string): void {
  for (const f of fields) {
    for (const [i, v] of asArray(record[f]).entries())
      if (v === '') p.add(`${path}.${f}[${i}]`, `empty value not allowed, found in ${f}`);
  }
}

export function validateAuthorizationPolicySpec(p: Problems, spec: JsonRecord): void {
  const selectors = [
    isSet(spec, 'selector'),
    isSet(spec, 'targetRef'),
    asArray(spec.targetRefs).length > 0,
  ].filter(Boolean);
  if (selectors.length > 1) p.add('spec', 'only one of targetRefs or workloadSelector can be set');
  validateSelectorLabels(p, spec.selector, 'matchLabels', 'spec.selector');
  const action = asString(spec.action) ?? 'ALLOW';
  const hasRules = spec.rules !== undefined && spec.rules !== null;
  if (action === 'CUSTOM') {
    if (!hasRules)
      p.add(
        'spec.rules',
        'CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
      );
    else if (!asRecord(spec.provider).name) p.add('spec.provider.name', '`provider.name` must not be empty');
  }
  if (isSet(spec, 'provider') && action !== 'CUSTOM')
    p.add('spec.provider', `\`provider\` must not be with non CUSTOM action, found ${action}`);
  if (action === 'DENY' && !hasRules) {
    p.add(
      'spec.rules',
      'DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
    );
  }
  for (const [rule, path] of entries(spec.rules, 'spec.rules')) {
    if (Array.isArray(rule.from) && rule.from.length === 0) p.add(`${path}.from`, '`from` must not be empty');
    for (const [from, at] of entries(rule.from, `${path}.from`)) {
      if (!isSet(from, 'source')) {
        p.add(`${at}.source`, '`from.source` must not be nil');
        continue;
      }
      const src = asRecord(from.source);
      if (!SOURCE_FIELDS.some((f) => asArray(src[f]).length > 0))
        p.add(`${at}.source`, '`from.source` must not be empty');
      emptyValues(p, src, SOURCE_FIELDS, `${at}.source`);
    }
    if (Array.isArray(rule.to) && rule.to.length === 0) p.add(`${path}.to`, '`to` must not be empty');
    for (const [to, at] of entries(rule.to, `${path}.to`)) {
      if (!isSet(to, 'operation')) {
        p.add(`${at}.operation`, '`to.operation` must not be nil');
        continue;
      }
      const op = asRecord(to.operation);
      if (!OPERATION_FIELDS.some((f) => asArray(op[f]).length > 0))
        p.add(`${at}.operation`, '`to.operation` must not be empty');
      for (const f of ['ports', 'notPorts'] as const) {
        for (const [i, port] of asArray(op[f]).entries()) {
          const ok = typeof port === 'string' && /^\d+$/.test(port) && Number(port) <= 65535;
          if (!ok && port !== '')
            p.add(`${at}.operation.${f}[${i}]`, `bad port (${String(port)}): must be a number 0..65535`);
        }
      }
      emptyValues(p, op, OPERATION_FIELDS, `${at}.operation`);
    }
    for (const [when, at] of entries(rule.when, `${path}.when`)) {
      if (!when.key) p.add(`${at}.key`, '`key` must not be empty');
      else if (asArray(when.values).length === 0 && asArray(when.notValues).length === 0) {
        p.add(at, `at least one of \`values\` or \`notValues\` must be set for key ${String(when.key)}`);
      }
    }
  }
}

export function validateRequestAuthenticationSpec(p: Problems, spec: JsonRecord): void {
  const selectors = [
    isSet(spec, 'selector'),
    isSet(spec, 'targetRef'),
    asArray(spec.targetRefs).length > 0,
  ].filter(Boolean);
  if (selectors.length > 1) p.add('spec', 'only one of targetRefs or workloadSelector can be set');
  validateSelectorLabels(p, spec.selector, 'matchLabels', 'spec.selector');
  for (const [rule, path] of entries(spec.jwtRules, 'spec.jwtRules')) {
    if (!rule.issuer) p.add(`${path}.issuer`, 'issuer must be set');
    for (const [i, aud] of asArray(rule.audiences).entries())
      if (aud === '') p.add(`${path}.audiences[${i}]`, 'audience must be non-empty string');
    for (const [h, at] of entries(rule.fromHeaders, `${path}.fromHeaders`)) {
      if (!h.name) p.add(`${at}.name`, 'location header name must be non-empty string');
    }
    for (const [i, q] of asArray(rule.fromParams).entries())
      if (q === '') p.add(`${path}.fromParams[${i}]`, 'location query must be non-empty string');
    for (const [i, c] of asArray(rule.fromCookies).entries())
      if (c === '') p.add(`${path}.fromCookies[${i}]`, 'cookie name must be non-empty string');
    for (const [o, at] of entries(rule.outputClaimToHeaders, `${path}.outputClaimToHeaders`)) {
      const header = asString(o.header) ?? '';
      if (!o.claim || header === '')
        p.add(at, 'outputClaimToHeaders header and claim value must be non-empty string');
      else p.check(`${at}.header`, headerNameProblem(header));
    }
    if (isSet(rule, 'timeout')) p.check(`${path}.timeout`, durationProblem(rule.timeout));
  }
}
