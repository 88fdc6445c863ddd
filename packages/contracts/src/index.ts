export * from './errors.ts';
export * from './namespaces.ts';
export * from './graph.ts';
export * from './errorCodes.ts';
export * from './health.ts';
export * from './metrics.ts';
export * from './tls.ts';
export * from './istioConfig.ts';
