export * from './port.ts';
export * from './synthetic/index.ts';
