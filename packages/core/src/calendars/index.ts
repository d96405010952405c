export * from './days.ts';
export * from './zoned.ts';
export * from './nyse.ts';
export * from './trading-calendar.ts';
export * from './vietnam.ts';
export * from './exchanges.ts';
