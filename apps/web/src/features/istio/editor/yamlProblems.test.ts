import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/apiError.ts';
import {
  collectYamlProblems,
  countsText,
  joinPath,
  liveCheckFailure,
  liveFindings,
  liveStatus,
  shapeFindings,
  type LiveCheckState,
} from './yamlProblems.ts';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: { host: reviews, subset: v9 }
          weight: "abc"
`;

describe('collectYamlProblems', () => {
  it('shows only the syntax errors when the text does not parse', () =>
    expect(
      collectYamlProblems(
        'a: [x\n',
        [{ line: 1, message: 'Missing ]' }],
        [{ path: 'spec', message: 'ignored', severity: 'error', source: 'schema' }],
      ),
    ).toEqual([{ line: 1, message: 'Missing ]', severity: 'error', source: 'YAML' }]));

  it('places findings on their lines, ordered by line then severity, each once', () =>
    expect(
      collectYamlProblems(
        VS,
        [],
        [
          {
            path: 'spec.http[0].route[0].weight',
            message: 'must be an integer',
            severity: 'error',
            source: 'schema',
          },
          {
            path: 'spec.http[0].route[0].destination.subset',
            message: 'Subset "v9" not found',
            severity: 'error',
            source: 'VS_SUBSET_NOT_FOUND',
          },
          {
            path: 'spec.http[0].route[0].destination.subset',
            message: 'Subset "v9" not found',
            severity: 'error',
            source: 'VS_SUBSET_NOT_FOUND',
          },
          { path: 'spec.http[0].timeout', message: 'absent field: its route', severity: 'info', source: 'x' },
          { path: 'spec.http[0].route', message: 'weights', severity: 'warning', source: 'editor' },
          { path: '', message: 'whole object', severity: 'warning', source: 'schema' },
        ],
      ).map((p) => [p.line, p.severity, p.message]),
    ).toEqual([
      [1, 'warning', 'whole object'],
      [8, 'warning', 'weights'],
      [8, 'info', 'absent field: its route'],
      [9, 'error', 'Subset "v9" not found'],
      [10, 'error', 'must be an integer'],
    ]));
});

describe('liveFindings', () => {
  it('turns schema errors and validations into findings', () =>
    expect(
      liveFindings({
        fieldErrors: [{ path: 'spec.http[0].route[0].weight', message: 'must be an integer' }],
        validations: [
          {
            code: 'VS_SUBSET_NOT_FOUND',
            severity: 'error',
            message: 'Subset "v9" not found',
            path: 'spec.http[0].route[0].destination.subset',
            objectRef: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
          },
        ],
      }),
    ).toEqual([
      {
        path: 'spec.http[0].route[0].weight',
        message: 'must be an integer',
        severity: 'error',
        source: 'schema',
      },
      {
        path: 'spec.http[0].route[0].destination.subset',
        message: 'Subset "v9" not found',
        severity: 'error',
        source: 'VS_SUBSET_NOT_FOUND',
      },
    ]));
});

describe('shapeFindings', () => {
  it.each([
    {
      path: ['metadata', 'name'],
      message: 'Invalid input: expected string, received undefined',
      want: ['metadata.name', 'metadata.name is required'],
    },
    { path: ['kind'], message: 'Invalid option', want: ['kind', 'kind: Invalid option'] },
    { path: [], message: 'Invalid input', want: ['', 'the object: Invalid input'] },
  ])('$path', ({ path, message, want }) => {
    const [f] = shapeFindings([{ path, message }]);
    expect([f!.path, f!.message]).toEqual(want);
  });

  it.each([
    [['spec', 'http', 0, 'route'], 'spec.http[0].route'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels[app.kubernetes.io/name]'],
    [[], ''],
  ])('joins %j as %s', (segments, path) => expect(joinPath(segments)).toBe(path));
});

describe('status', () => {
  const errors = (n: number) => Array.from({ length: n }, () => ({ severity: 'error' as const }));
  it.each<{
    name: string;
    problems: { severity: 'error' | 'warning' | 'info' }[];
    check: LiveCheckState;
    want: object;
  }>([
    {
      name: 'checking',
      problems: errors(1),
      check: { status: 'checking' },
      want: { tone: 'busy', text: 'Checking…' },
    },
    {
      name: 'nothing found',
      problems: [],
      check: { status: 'done' },
      want: { tone: 'ok', text: 'No problems' },
    },
    {
      name: 'found',
      problems: [...errors(2), { severity: 'warning' }],
      check: { status: 'done' },
      want: { tone: 'problems', text: '2 errors, 1 warning' },
    },
    {
      name: 'syntax errors, no check',
      problems: errors(1),
      check: { status: 'off' },
      want: { tone: 'problems', text: '1 error' },
    },
    {
      name: 'failed with nothing found',
      problems: [],
      check: { status: 'failed', message: 'the Sextant server cannot be reached' },
      want: {
        tone: 'failed',
        text: 'No problems found locally',
        note: 'Live check failed: the Sextant server cannot be reached',
      },
    },
    {
      name: 'unavailable (view-only server)',
      problems: [],
      check: { status: 'unavailable', message: 'the server is view-only' },
      want: {
        tone: 'failed',
        text: 'No problems found locally',
        note: 'No live check: the server is view-only',
      },
    },
    {
      name: 'failed with local problems',
      problems: errors(1),
      check: { status: 'failed', message: 'x' },
      want: { tone: 'failed', text: '1 error', note: 'Live check failed: x' },
    },
  ])('$name', ({ problems, check, want }) => expect(liveStatus(problems, check)).toEqual(want));

  it.each([
    [{ error: 0, warning: 0, info: 0 }, 'No problems'],
    [{ error: 1, warning: 0, info: 0 }, '1 error'],
    [{ error: 0, warning: 2, info: 1 }, '2 warnings, 1 note'],
    [{ error: 3, warning: 1, info: 2 }, '3 errors, 1 warning, 2 notes'],
  ])('counts %j as %s', (counts, text) => expect(countsText(counts)).toBe(text));

  it.each([
    [new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'fetch failed' }), /cannot be reached/],
    [new ApiError({ status: 403, code: 'VIEW_ONLY', message: 'view-only' }), /view-only/],
    [new ApiError({ status: 409, code: 'CONFLICT', message: 'stale' }), /changed in the cluster/],
    [
      new ApiError({ status: 502, code: 'UPSTREAM', message: 'Kubernetes is unreachable' }),
      /^Kubernetes is unreachable$/,
    ],
    [new Error('boom'), /^boom$/],
  ])('explains a failure %#', (error, text) => expect(liveCheckFailure(error)).toMatch(text));
});
