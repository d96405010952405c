import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Every Bourse metric name starts with this. */
export const METRIC_PREFIX = 'bourse_';

/**
 * A process's metrics registry, with Node's default metrics. Services create their
 * own metrics on it through the helpers, which add the prefix.
 */
export class Metrics {
  readonly registry = new Registry();
  constructor(labels: Record<string, string> = {}) {
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.existing(name) ?? new Counter({ name: METRIC_PREFIX + name, help, labelNames, registers: [this.registry] });
  }
  /** A gauge; `collect` (if given) runs at each scrape to set its value. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = [], collect?: (g: Gauge<L>) => void): Gauge<L> {
    return (
      this.existing(name) ??
      new Gauge({
        name: METRIC_PREFIX + name,
        help,
        labelNames,
        registers: [this.registry],
        ...(collect
          ? {
              collect(this: Gauge<L>) {
                collect(this);
              },
            }
          : {}),
      })
    );
  }
  histogram<L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets?: number[]): Histogram<L> {
    return (
      this.existing(name) ??
      new Histogram({
        name: METRIC_PREFIX + name,
        help,
        labelNames,
        registers: [this.registry],
        ...(buckets ? { buckets } : {}),
      })
    );
  }
  private existing<M>(name: string): M | undefined {
    return this.registry.getSingleMetric(METRIC_PREFIX + name) as M | undefined;
  }
}
