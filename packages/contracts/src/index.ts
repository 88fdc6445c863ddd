export * from './errors.ts';
export * from './errorCodes.ts';
export * from './health.ts';
export * from './namespaces.ts';
