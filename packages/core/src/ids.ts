import { randomUUID } from 'node:crypto';

/** A random unique id (UUID v4). Stable ids for messages are built from their content instead. */
export function newId(): string {
  return randomUUID();
}

/**
 * Stable message id for a batch of ticks of one symbol: the same batch always gets the same
 * id, and a different batch never does (the first tick's time tells apart batches whose
 * sequence numbers a restarted producer reused).
 */
export function tickBatchId(symbol: string, firstSeq: number, lastSeq: number, firstTs: number): string {
  return `tick:${symbol}:${firstSeq}-${lastSeq}@${firstTs}`;
}
