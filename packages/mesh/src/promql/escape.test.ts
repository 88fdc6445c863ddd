import { describe, expect, it } from 'vitest';
import { escapePromString, escapeRegex, regexAlternation } from './escape.ts';

describe('PromQL escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['back\\slash', 'back\\\\slash'],
    ['new\nline', 'new\\nline'],
    ['tab\there', 'tab\\there'],
  ])('string literal %j', (input, expected) => {
    expect(escapePromString(input)).toBe(expected);
  });

  it.each([
    ['bookinfo', 'bookinfo'],
    ['a.b', 'a\\.b'],
    ['a|b', 'a\\|b'],
    ['.*', '\\.\\*'],
    ['(x)[y]{z}^$+?', '\\(x\\)\\[y\\]\\{z\\}\\^\\$\\+\\?'],
  ])('regex %j', (input, expected) => {
    expect(escapeRegex(input)).toBe(expected);
  });

  it('builds an alternation that cannot leave its string literal', () => {
    expect(regexAlternation(['a', 'b-c'])).toBe('"a|b-c"');
    // A regex escape doubles once more inside the Go string literal.
    expect(regexAlternation(['x"}', 'y.z'])).toBe('"x\\"\\\\}|y\\\\.z"');
  });
});
