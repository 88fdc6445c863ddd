import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { prometheusConfigYaml } from './config.ts';
import { findPrometheusBinary } from './findBinary.ts';
import { valuesByLabel } from './query.ts';

describe('prometheusConfigYaml', () => {
  it('writes one job with the targets, interval, clamped timeout and path', () => {
    const cfg = parse(
      prometheusConfigYaml({
        scrapeTargets: ['127.0.0.1:1234', 'localhost:99'],
        scrapeIntervalSeconds: 1,
        metricsPath: '/metrics',
      }),
    );
    expect(cfg).toEqual({
      global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
      scrape_configs: [
        {
          job_name: 'mesh-sim',
          metrics_path: '/metrics',
          honor_labels: true,
          static_configs: [{ targets: ['127.0.0.1:1234', 'localhost:99'] }],
        },
      ],
    });
  });

  it('caps scrape_timeout at 10 s for long intervals', () => {
    const cfg = parse(
      prometheusConfigYaml({ scrapeTargets: ['h:1'], scrapeIntervalSeconds: 15, metricsPath: '/m' }),
    );
    expect(cfg.global).toEqual({ scrape_interval: '15s', evaluation_interval: '15s', scrape_timeout: '10s' });
  });

  it('scrapes an exporter as `shards` targets, each with its part and instance', () => {
    const cfg = parse(
      prometheusConfigYaml({
        scrapeTargets: ['h:1'],
        scrapeIntervalSeconds: 5,
        metricsPath: '/m',
        shards: 3,
      }),
    );
    expect(cfg.scrape_configs[0].static_configs).toEqual(
      [0, 1, 2].map((i) => ({
        targets: ['h:1'],
        labels: { __param_shard: String(i), __param_shards: '3', instance: `h:1/${i}` },
      })),
    );
  });

  it.each([
    [{ scrapeTargets: ['h:1'], scrapeIntervalSeconds: 5, shards: 0 }, /shards must be/],
    [{ scrapeTargets: ['h:1'], scrapeIntervalSeconds: 5, shards: 1.5 }, /shards must be/],
    [{ scrapeTargets: [], scrapeIntervalSeconds: 5 }, /must not be empty/],
    [{ scrapeTargets: ['http://h:1'], scrapeIntervalSeconds: 5 }, /not host:port/],
    [{ scrapeTargets: ['h'], scrapeIntervalSeconds: 5 }, /not host:port/],
    [{ scrapeTargets: ['h:1'], scrapeIntervalSeconds: 0 }, /> 0/],
  ])('rejects %j', (opts, message) => {
    expect(() => prometheusConfigYaml({ ...opts, metricsPath: '/metrics' })).toThrow(message);
  });
});

describe('findPrometheusBinary', () => {
  it('names the install options when prometheus is absent', () => {
    expect(() => findPrometheusBinary({ PATH: '/nonexistent' })).toThrow(
      /apt-get install prometheus.*brew install prometheus.*PROMETHEUS_BIN/,
    );
  });
  it('refuses a PROMETHEUS_BIN that is not executable instead of falling back', () => {
    expect(() =>
      findPrometheusBinary({ PROMETHEUS_BIN: '/nonexistent/prometheus', PATH: '/usr/bin' }),
    ).toThrow(/PROMETHEUS_BIN/);
  });
});

describe('valuesByLabel', () => {
  it('sums values per label value', () => {
    const m = valuesByLabel(
      [
        { metric: { w: 'a' }, value: 1 },
        { metric: { w: 'b' }, value: 2 },
        { metric: { w: 'a' }, value: 3 },
        { metric: {}, value: 4 },
      ],
      'w',
    );
    expect(Object.fromEntries(m)).toEqual({ a: 4, b: 2, '': 4 });
  });
});
