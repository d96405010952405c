import type { ServiceContext } from '@bourse/kit';

/** The ports the stream's parts use: what its manifest asks for. */
export type StreamContext = Pick<ServiceContext<'bus' | 'store' | 'cache'>, 'config' | 'log' | 'metrics' | 'bus' | 'store' | 'cache'>;

export type BusSubscription = ReturnType<StreamContext['bus']['subscribe']>;
