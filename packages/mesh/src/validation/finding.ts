import type { ObjectRef, Validation } from '@sextant/contracts';
import { VALIDATION_CODES, type ValidationCode } from './codes.ts';

export function finding(
  code: ValidationCode,
  objectRef: ObjectRef,
  path: string,
  message: string,
): Validation {
  return { code, severity: VALIDATION_CODES[code].severity, message, objectRef, path };
}

/** `a=1,b=2`, for messages. */
export const formatLabels = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** A short list for messages: the first few names, then how many more. */
export function formatList(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** `"reviews"` or `"reviews" (reviews.bookinfo.svc.cluster.local)` when qualifying changed it. */
export const describeHost = (host: string, fqdn: string): string =>
  host.toLowerCase() === fqdn ? `"${host}"` : `"${host}" (${fqdn})`;
