import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * One Kiali graph test written down as data (see README.md): the raw counter series its mocked
 * Prometheus queries stand for, the request it makes, and its golden graph in Sextant's contract.
 */

export const FIXTURES_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

const labelsSchema = z.record(z.string(), z.string());

const seriesSchema = z.object({
  metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
  labels: labelsSchema,
  /** Per second: what `rate(metric[duration])` returns at the query time. */
  rate: z.number().nonnegative(),
});
export type FixtureSeries = z.infer<typeof seriesSchema>;

const querySampleSchema = z.object({ labels: labelsSchema, value: z.number() });
export type QuerySample = z.infer<typeof querySampleSchema>;

const kialiQuerySchema = z.object({
  /** The PromQL Kiali's test expects its graph code to run. */
  query: z.string(),
  /** What Kiali's mock answers. */
  mockedResult: z.array(querySampleSchema),
  /** What a real Prometheus answers over `series`, where that differs from the mock (README.md). */
  realResult: z.array(querySampleSchema).optional(),
});
export type KialiQuery = z.infer<typeof kialiQuerySchema>;

const elementSchema = z.object({ data: z.record(z.string(), z.unknown()) });

export const graphJsonSchema = z.object({
  timestamp: z.number(),
  duration: z.number(),
  graphType: z.string(),
  elements: z.object({ nodes: z.array(elementSchema), edges: z.array(elementSchema) }),
});
export type GraphJson = z.infer<typeof graphJsonSchema>;

export const conformanceFixtureSchema = z.object({
  name: z.string(),
  kialiTest: z.string(),
  golden: z.string(),
  source: z.object({ repository: z.string(), test: z.string(), golden: z.string() }),
  /** Kiali's `kubernetes_config.cluster_name` in that test. */
  clusterName: z.string(),
  /** The namespaces that exist in the test's fake cluster. */
  namespaces: z.array(z.string()).min(1),
  request: z.object({
    path: z.string().startsWith('/api/'),
    /** Exactly the test's URL parameters; `queryTime` is moved to the fixture's time slot. */
    query: z.record(z.string(), z.string()),
    /** Options the test's handler sets in code, sent as the equivalent URL parameters. */
    impliedQuery: z.record(z.string(), z.string()).optional(),
  }),
  notes: z.array(z.string()),
  series: z.array(seriesSchema),
  kialiQueries: z.array(kialiQuerySchema),
  expected: graphJsonSchema,
  /** JSON pointer into `expected` -> decimals Kiali printed that number with ("50.00": 2). */
  expectedDecimals: z.record(z.string(), z.number().int().nonnegative()),
});
export type ConformanceFixture = z.infer<typeof conformanceFixtureSchema> & {
  /** The file name without `.json`. */
  id: string;
};

/** Every fixture in `dir`, sorted by file name; a malformed file fails with its name and the problem. */
export async function loadFixtures(dir: string = FIXTURES_DIR): Promise<ConformanceFixture[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = conformanceFixtureSchema.safeParse(
        JSON.parse(await readFile(path.join(dir, file), 'utf8')),
      );
      if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, id: file.replace(/\.json$/, '') };
    }),
  );
}
