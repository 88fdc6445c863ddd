export * from './istioMetrics.ts';
export { CounterFamily, HistogramFamily, MetricsRegistry } from './registry.ts';
export type { CounterSeries, HistogramSeries, MetricFamily } from './registry.ts';
export { escapeLabelValue, formatSampleValue, joinLabels, TEXT_FORMAT_CONTENT_TYPE } from './textFormat.ts';
export { createMetricsHandler, createMetricsServer } from './handler.ts';
export type { MetricsHandler, MetricsServer } from './handler.ts';
