import { type AiSignal, DEFAULT_CHAIN_UNDERLYINGS, type Insight } from '@bourse/core';
import type { Store } from '@bourse/store';
import { type ComponentInput, composite, optionsValue, technicalValue, type Weights } from './score.ts';

/** Daily bars the technical component reads (the last one may be the open day). */
const DAILY_BARS = 200;

/**
 * A symbol's insight as of `now` from what the store knows then: its daily bars (technical),
 * its latest model signal (ai), and for underlyings with chains the latest put/call ratio and
 * front-expiry risk reversal (options). News sentiment joins when the news service stores it.
 */
export async function computeInsight(
  store: Pick<Store, 'bars' | 'ai' | 'options'>,
  symbol: string,
  now: number,
  weights: Weights,
): Promise<Insight> {
  const inputs: ComponentInput[] = [];
  const bars = (await store.bars.range(symbol, '1d', { to: now, limit: DAILY_BARS })).filter((b) => b.start <= now);
  if (bars.length > 0) {
    const t = technicalValue({
      high: Float64Array.from(bars, (b) => b.high),
      low: Float64Array.from(bars, (b) => b.low),
      close: Float64Array.from(bars, (b) => b.close),
    });
    if (Number.isFinite(t.value))
      inputs.push({ name: 'technical', value: t.value, asOf: Math.min(now, bars.at(-1)!.start + 86_400_000), detail: t.detail });
  }
  const signal = (await store.ai.latestSignal(symbol)) as AiSignal | undefined;
  if (signal && signal.asOf <= now) {
    inputs.push({
      name: 'ai',
      value: 2 * signal.probability - 1,
      asOf: signal.asOf,
      detail: {
        signal: signal.signal,
        probability: signal.probability,
        modelId: signal.modelId,
        version: signal.version,
        oosAuc: signal.oos.auc,
        aboveChance: signal.oos.aboveChance,
      },
    });
  }
  if ((DEFAULT_CHAIN_UNDERLYINGS as readonly string[]).includes(symbol)) {
    const [pcr] = (await store.options.pcrTrend(symbol, { to: now, limit: 1 })).slice(-1);
    const rows = await store.options.history(symbol, { to: now, limit: 40 });
    const latestTs = rows.at(-1)?.ts;
    const front = rows.filter((r) => r.ts === latestTs).sort((a, b) => (a.expiry < b.expiry ? -1 : 1))[0];
    const value = optionsValue(pcr?.pcrOi ?? null, front?.rr25 ?? null);
    if (Number.isFinite(value))
      inputs.push({
        name: 'options',
        value,
        asOf: Math.max(pcr?.ts ?? 0, front?.ts ?? 0),
        detail: { pcrOi: pcr?.pcrOi ?? null, rr25: front?.rr25 ?? null, expiry: front?.expiry ?? null },
      });
  }
  return composite(symbol, now, inputs, weights);
}
