import { stringify } from 'yaml';

export interface ScrapeConfigOptions {
  /** `host:port` pairs, e.g. `127.0.0.1:43121`. */
  scrapeTargets: readonly string[];
  scrapeIntervalSeconds: number;
  metricsPath: string;
  jobName?: string;
  /** Rule files (absolute paths) Prometheus loads, e.g. Istio's recording rules. */
  ruleFiles?: readonly string[];
  /**
   * Scrape each exporter as this many targets (`?shard=i&shards=n`, instance `host:port/i`), as
   * Prometheus scrapes Istio's sidecars pod by pod: a big mesh's exposition in parts that each fit
   * the timeout, spread over the interval. Default 1: one target per exporter, no parameters.
   */
  shards?: number;
}

/**
 * The prometheus.yml for one local scrape job. Pure so it can be tested without the binary.
 * Prometheus refuses a scrape_timeout longer than the interval, hence the clamp.
 */
export function prometheusConfigYaml(opts: ScrapeConfigOptions): string {
  if (opts.scrapeTargets.length === 0) throw new Error('startPrometheus: scrapeTargets must not be empty');
  if (!(opts.scrapeIntervalSeconds > 0))
    throw new Error('startPrometheus: scrapeIntervalSeconds must be > 0');
  for (const target of opts.scrapeTargets) {
    if (!/^[^\s/:]+:\d+$/.test(target))
      throw new Error(`startPrometheus: target "${target}" is not host:port`);
  }
  const shards = opts.shards ?? 1;
  if (!Number.isInteger(shards) || shards < 1 || shards > 1024)
    throw new Error('startPrometheus: shards must be an integer from 1 to 1024');
  const interval = `${opts.scrapeIntervalSeconds}s`;
  const timeout = `${Math.min(opts.scrapeIntervalSeconds, 10)}s`;
  return stringify({
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: timeout },
    ...(opts.ruleFiles?.length ? { rule_files: [...opts.ruleFiles] } : {}),
    scrape_configs: [
      {
        job_name: opts.jobName ?? 'mesh-sim',
        metrics_path: opts.metricsPath,
        // Istio's metrics carry their own identity labels; honor_labels keeps a stray `job`/`instance`
        // label from the exporter instead of renaming it to exported_*.
        honor_labels: true,
        static_configs:
          shards === 1
            ? [{ targets: [...opts.scrapeTargets] }]
            : opts.scrapeTargets.flatMap((target) =>
                Array.from({ length: shards }, (_, i) => ({
                  targets: [target],
                  // __param_* become the scrape URL's query; instance keeps each part's `up` apart.
                  labels: {
                    __param_shard: String(i),
                    __param_shards: String(shards),
                    instance: `${target}/${i}`,
                  },
                })),
              ),
      },
    ],
  });
}
