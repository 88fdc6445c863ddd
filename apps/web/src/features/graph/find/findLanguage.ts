/**
 * The find / hide language of the graph page: small boolean expressions over nodes and edges.
 *
 *   expr      := orExpr
 *   orExpr    := andExpr (("or" | "||") andExpr)*
 *   andExpr   := unary (("and" | "&&") unary)*
 *   unary     := ("!" | "not") unary | "(" expr ")" | predicate
 *   predicate := field op value | flag
 *   op        := "=" | "!=" | ">" | ">=" | "<" | "<="
 *   value     := word | "quoted string" | number      ("*" in a word matches any characters)
 *
 * Keywords and names are case-insensitive. Pure: no DOM, no graph library; the page turns each
 * element into a `FindSubject` and asks `matches`.
 */

export type StringField =
  | 'name'
  | 'namespace'
  | 'app'
  | 'version'
  | 'workload'
  | 'service'
  | 'type'
  | 'health'
  | 'protocol'
  | 'cluster';
export type NumberField =
  'rate' | 'httpin' | 'httpout' | 'errpct' | 'trafficpct' | 'rt' | 'mtls' | 'throughput';
export type Flag =
  | 'healthy'
  | 'degraded'
  | 'failure'
  | 'unhealthy'
  | 'mtls'
  | 'idle'
  | 'root'
  | 'outside'
  | 'gateway'
  | 'serviceentry'
  | 'unknown'
  | 'outofmesh'
  | 'dead'
  | 'vs'
  | 'cb'
  | 'fault'
  | 'shifting'
  | 'mirror'
  | 'timeout'
  | 'http'
  | 'grpc'
  | 'tcp'
  | 'node'
  | 'edge';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type FindExpr =
  | { kind: 'and' | 'or'; left: FindExpr; right: FindExpr }
  | { kind: 'not'; expr: FindExpr }
  | { kind: 'text'; field: StringField; op: '=' | '!='; value: string }
  | { kind: 'number'; field: NumberField; op: Operator; value: number }
  | { kind: 'flag'; flag: Flag };

/** What an element offers to the language; fields an element lacks never match (except through `!=`). */
export interface FindSubject {
  text: Partial<Record<StringField, readonly string[]>>;
  numbers: Partial<Record<NumberField, number>>;
  flags: ReadonlySet<Flag>;
}

export interface FindError {
  message: string;
  /** Character offsets of the offending part of the input. */
  start: number;
  end: number;
}

export type ParseResult = { ok: true; expr: FindExpr | undefined } | { ok: false; error: FindError };

/** Field names and their aliases; `%httperr` is Kiali's spelling. */
const TEXT_FIELDS: Record<string, StringField> = {
  name: 'name',
  namespace: 'namespace',
  ns: 'namespace',
  app: 'app',
  version: 'version',
  ver: 'version',
  workload: 'workload',
  wl: 'workload',
  service: 'service',
  svc: 'service',
  type: 'type',
  node: 'type',
  health: 'health',
  protocol: 'protocol',
  cluster: 'cluster',
};

const NUMBER_FIELDS: Record<string, NumberField> = {
  rate: 'rate',
  rps: 'rate',
  httpin: 'httpin',
  httpout: 'httpout',
  '%httperr': 'errpct',
  '%err': 'errpct',
  '%error': 'errpct',
  err: 'errpct',
  '%httptraffic': 'trafficpct',
  '%traffic': 'trafficpct',
  rt: 'rt',
  responsetime: 'rt',
  mtls: 'mtls',
  '%mtls': 'mtls',
  throughput: 'throughput',
};

const FLAGS: Record<string, Flag> = {
  healthy: 'healthy',
  degraded: 'degraded',
  failure: 'failure',
  failing: 'failure',
  unhealthy: 'unhealthy',
  mtls: 'mtls',
  idle: 'idle',
  root: 'root',
  outside: 'outside',
  gateway: 'gateway',
  gw: 'gateway',
  serviceentry: 'serviceentry',
  se: 'serviceentry',
  unknown: 'unknown',
  outofmesh: 'outofmesh',
  nosidecar: 'outofmesh',
  dead: 'dead',
  vs: 'vs',
  virtualservice: 'vs',
  cb: 'cb',
  circuitbreaker: 'cb',
  fault: 'fault',
  faultinjection: 'fault',
  shifting: 'shifting',
  trafficshifting: 'shifting',
  mirror: 'mirror',
  mirroring: 'mirror',
  timeout: 'timeout',
  http: 'http',
  grpc: 'grpc',
  tcp: 'tcp',
  node: 'node',
  edge: 'edge',
};

/**
 * Fields with a closed set of values: a value outside it is a typo that would match nothing, so
 * it is reported like a syntax error instead of silently finding nothing.
 */
const KNOWN_VALUES: Partial<Record<StringField, readonly string[]>> = {
  type: ['app', 'workload', 'service', 'serviceentry', 'unknown', 'gateway', 'box', 'namespace'],
  health: ['healthy', 'degraded', 'failure', 'na', 'no health data'],
  protocol: ['http', 'grpc', 'tcp'],
};

/** Every word the language knows, for "did you mean" hints and the help text. */
export const FIND_VOCABULARY = {
  fields: [...new Set([...Object.keys(TEXT_FIELDS), ...Object.keys(NUMBER_FIELDS)])].sort(),
  flags: Object.keys(FLAGS).sort(),
};

type Token =
  | { t: 'word'; text: string; start: number; end: number }
  | { t: 'string'; text: string; start: number; end: number }
  | { t: 'op'; text: Operator; start: number; end: number }
  | { t: 'not' | 'and' | 'or' | '(' | ')' | 'end'; start: number; end: number };

class FindSyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const WORD_CHAR = /[A-Za-z0-9_.\-*%/:@]/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      tokens.push({ t: two === '&&' ? 'and' : 'or', start: i, end: i + 2 });
      i += 2;
    } else if (two === '!=' || two === '>=' || two === '<=' || two === '==') {
      tokens.push({ t: 'op', text: two === '==' ? '=' : (two as Operator), start: i, end: i + 2 });
      i += 2;
    } else if (c === '=' || c === '>' || c === '<') {
      tokens.push({ t: 'op', text: c, start: i, end: i + 1 });
      i++;
    } else if (c === '!') {
      tokens.push({ t: 'not', start: i, end: i + 1 });
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c, start: i, end: i + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const close = input.indexOf(c, i + 1);
      if (close < 0) throw new FindSyntaxError(`Missing closing ${c}`, i, input.length);
      tokens.push({ t: 'string', text: input.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
    } else if (WORD_CHAR.test(c)) {
      const start = i;
      while (i < input.length && WORD_CHAR.test(input[i]!)) i++;
      const text = input.slice(start, i);
      const lower = text.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') tokens.push({ t: lower, start, end: i });
      else tokens.push({ t: 'word', text, start, end: i });
    } else {
      throw new FindSyntaxError(`Unexpected character "${c}"`, i, i + 1);
    }
  }
  tokens.push({ t: 'end', start: input.length, end: input.length });
  return tokens;
}

/** Parses a find or hide expression; blank input is valid and matches nothing. */
export function parseFind(input: string): ParseResult {
  if (input.trim() === '') return { ok: true, expr: undefined };
  try {
    const parser = new Parser(tokenize(input));
    const expr = parser.expression();
    parser.expectEnd();
    return { ok: true, expr };
  } catch (err) {
    if (err instanceof FindSyntaxError) {
      return { ok: false, error: { message: err.message, start: err.start, end: err.end } };
    }
    throw err;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }

  expression(): FindExpr {
    let left = this.and();
    while (this.peek().t === 'or') {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FindExpr {
    let left = this.unary();
    while (this.peek().t === 'and') {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FindExpr {
    const token = this.next();
    switch (token.t) {
      case 'not':
        return { kind: 'not', expr: this.unary() };
      case '(': {
        const expr = this.expression();
        const close = this.next();
        if (close.t !== ')') throw new FindSyntaxError('Missing ")"', close.start, close.end);
        return expr;
      }
      case 'word':
        return this.predicate(token);
      case 'end':
        throw new FindSyntaxError('Expression ends too early', token.start, token.end);
      default:
        throw new FindSyntaxError(
          `Expected a field or a flag, found ${describe(token)}`,
          token.start,
          token.end,
        );
    }
  }

  private predicate(word: Extract<Token, { t: 'word' }>): FindExpr {
    const name = word.text.toLowerCase();
    if (this.peek().t !== 'op') {
      const flag = FLAGS[name];
      if (flag) return { kind: 'flag', flag };
      if (TEXT_FIELDS[name] || NUMBER_FIELDS[name]) {
        const found = this.peek();
        throw new FindSyntaxError(
          `"${word.text}" needs a comparison, e.g. ${word.text} ${NUMBER_FIELDS[name] ? '> 5' : '= value'}`,
          word.start,
          found.end,
        );
      }
      throw new FindSyntaxError(unknownMessage(word.text, 'flag'), word.start, word.end);
    }
    const op = this.next() as Extract<Token, { t: 'op' }>;
    const valueToken = this.next();
    if (valueToken.t !== 'word' && valueToken.t !== 'string') {
      throw new FindSyntaxError(`Expected a value after "${op.text}"`, valueToken.start, valueToken.end);
    }
    const textField = TEXT_FIELDS[name];
    const numberField = NUMBER_FIELDS[name];
    if (numberField) {
      const value = Number(valueToken.text);
      if (valueToken.t === 'string' || valueToken.text === '' || !Number.isFinite(value)) {
        throw new FindSyntaxError(
          `"${word.text}" compares numbers; "${valueToken.text}" is not one`,
          valueToken.start,
          valueToken.end,
        );
      }
      return { kind: 'number', field: numberField, op: op.text, value };
    }
    if (textField) {
      if (op.text !== '=' && op.text !== '!=') {
        throw new FindSyntaxError(`"${word.text}" compares with = or != only`, op.start, op.end);
      }
      const known = KNOWN_VALUES[textField];
      if (known && !valueToken.text.includes('*') && !known.includes(valueToken.text.toLowerCase())) {
        throw new FindSyntaxError(
          `"${word.text}" is one of ${known.join(', ')}; "${valueToken.text}" never matches`,
          valueToken.start,
          valueToken.end,
        );
      }
      return { kind: 'text', field: textField, op: op.text, value: valueToken.text };
    }
    throw new FindSyntaxError(unknownMessage(word.text, 'field'), word.start, word.end);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.t !== 'end') {
      const hint = token.t === 'word' ? ' (join conditions with AND or OR)' : '';
      throw new FindSyntaxError(`Unexpected ${describe(token)}${hint}`, token.start, token.end);
    }
  }
}

function describe(token: Token): string {
  switch (token.t) {
    case 'word':
    case 'string':
      return `"${token.text}"`;
    case 'op':
      return `"${token.text}"`;
    case 'end':
      return 'end of input';
    case 'not':
      return '"!"';
    default:
      return `"${token.t}"`;
  }
}

function unknownMessage(word: string, expected: 'field' | 'flag'): string {
  const candidates =
    expected === 'field' ? FIND_VOCABULARY.fields : [...FIND_VOCABULARY.flags, ...FIND_VOCABULARY.fields];
  const suggestion = closest(word.toLowerCase(), candidates);
  return `Unknown ${expected} "${word}"${suggestion ? ` — did you mean ${suggestion}?` : ''}`;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Whether `subject` satisfies `expr`. */
export function matches(expr: FindExpr, subject: FindSubject): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, subject) && matches(expr.right, subject);
    case 'or':
      return matches(expr.left, subject) || matches(expr.right, subject);
    case 'not':
      return !matches(expr.expr, subject);
    case 'flag':
      return subject.flags.has(expr.flag);
    case 'text': {
      const values = subject.text[expr.field] ?? [];
      const pattern = globToRegExp(expr.value);
      const any = values.some((v) => pattern.test(v));
      return expr.op === '=' ? any : !any;
    }
    case 'number': {
      const value = subject.numbers[expr.field];
      if (value === undefined) return false;
      return compare(value, expr.op, expr.value);
    }
  }
}

function compare(a: number, op: Operator, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

const globCache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    if (globCache.size > 200) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}
