import { randomUUID } from 'node:crypto';

/** A random unique id (UUID v4). Stable ids for messages are built from their content instead. */
export function newId(): string {
  return randomUUID();
}

/** Stable message id for a batch of ticks of one symbol: the same batch always gets the same id. */
export function tickBatchId(symbol: string, firstSeq: number, lastSeq: number): string {
  return `tick:${symbol}:${firstSeq}-${lastSeq}`;
}
