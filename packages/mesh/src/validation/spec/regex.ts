import { RE2JS } from 're2js';

/** Envoy runs regexes with RE2; istiod checks them with Go's `regexp`, the same syntax. */
const MAX_REGEX_LENGTH = 1024;

/** istiod's `validateStringRegexp`: undefined when `re` compiles as RE2, else why not. */
export function regexProblem(re: string): string | undefined {
  if (re === '') return 'regex string match should not be empty';
  if (re.length > MAX_REGEX_LENGTH) return `regex is too large, max length allowed is ${MAX_REGEX_LENGTH}`;
  try {
    RE2JS.compile(re);
    return undefined;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `${why}; Istio uses RE2 syntax (https://github.com/google/re2/wiki/Syntax)`;
  }
}
