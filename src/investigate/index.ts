/** Investigate: entity model, query planning per source, resolution, timeline merge and URL state. Pure TS, no React. */
export * from './entity';
export * from './url';
export * from './plan';
export * from './resolve';
export * from './timeline';
export * from './pivots';
export * from './queries';
export * from './investigate';
export * from './summary';
export * from './landing';
