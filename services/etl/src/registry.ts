import { envelope, INSTRUMENT_DEFAULTS, type Instrument, subjects } from '@bourse/core';
import type { ServiceContext } from '@bourse/kit';
import type { Provider } from '@bourse/providers';

/**
 * Make sure the registry knows `symbol`: a job for a symbol the registry lacks registers it from
 * the provider's description (name, exchange, currency, asset class), announced on the bus as the
 * symbols service announces its registrations. False when neither knows it.
 */
export async function ensureRegistered(ctx: ServiceContext<'store' | 'bus'>, provider: Provider, symbol: string): Promise<boolean> {
  const { store, bus, config, log } = ctx;
  if (await store.instruments.get(symbol)) return true;
  if (!provider.instrument) return false;
  const described = await provider.instrument(symbol);
  const exchanges = await store.exchanges.list();
  if (!exchanges.some((e) => e.code === described.exchange)) {
    throw new Error(`${provider.id} lists ${symbol} on ${described.exchange}, an exchange the registry does not know`);
  }
  const instrument: Instrument = {
    symbol,
    name: described.name,
    exchange: described.exchange,
    assetClass: described.assetClass === 'future' || described.assetClass === 'fund' ? 'equity' : described.assetClass,
    currency: described.currency,
    ...INSTRUMENT_DEFAULTS,
  };
  const inserted = await store.instruments.upsertMany([instrument]);
  if (inserted > 0) {
    await bus.publish(
      subjects.instrument(symbol),
      envelope({
        id: `instrument:${symbol}:${Date.now()}`,
        type: 'instrument.upsert',
        source: `etl@${config.instanceId}`,
        key: symbol,
        data: instrument,
      }),
    );
    log.info({ symbol, source: provider.id }, 'instrument registered from its provider');
  }
  return true;
}
