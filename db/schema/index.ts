export * from './accounts';
export * from './teams';
export * from './datasets';
export * from './runs';
export * from './test-evaluations';
export * from './collaboration';
export * from './sweeps';
