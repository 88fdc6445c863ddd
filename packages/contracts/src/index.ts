export * from './errors.ts';
export * from './namespaces.ts';
export * from './graph.ts';
