/** How an indicator is drawn: on the price (averages, bands, stops) or in its own pane below (oscillators, volume flows). */
const ON_PRICE = new Set([
  'bbands',
  'keltner',
  'donchian',
  'sar',
  'vwap',
  'ichimoku',
  'linearreg',
  'linearreg_intercept',
  'tsf',
  'supertrend',
]);

export function drawsOnPrice(indicator: { name: string; group: string }): boolean {
  return indicator.group === 'moving-average' || ON_PRICE.has(indicator.name);
}

/** Outputs that are not a price-like line (supertrend's direction is ±1). */
export function plottedOutputs(name: string, outputs: readonly string[]): string[] {
  return name === 'supertrend' ? outputs.filter((o) => o !== 'direction') : [...outputs];
}

export interface ChosenIndicator {
  name: string;
  params: Record<string, number>;
}

/** The API's spelling of a chosen indicator: `bbands(20,2)`, parameters in their listed order. */
export function indicatorSpec(chosen: ChosenIndicator, order: readonly string[]): string {
  const values = order.map((p) => chosen.params[p]).filter((v): v is number => v !== undefined);
  return values.length > 0 ? `${chosen.name}(${values.join(',')})` : chosen.name;
}
