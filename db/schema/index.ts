export * from './accounts';
export * from './teams';
export * from './datasets';
export * from './runs';
