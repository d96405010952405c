export { HISTORY_ANCHOR_MS, MAX_HISTORY_BARS, MS_PER_YEAR, roundToGrid, SyntheticHistory } from './history.ts';
export type { SyntheticHistoryOptions } from './history.ts';
export { mixSeed, Rng, splitmix32 } from './random.ts';
export { liveStart } from './live-start.ts';
export type { LiveResume } from './live-start.ts';
export { SyntheticSource } from './source.ts';
export type { SyntheticSourceOptions } from './source.ts';
