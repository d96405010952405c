import { INTERVAL_MS, type MarketSummary, type Mover, type Tick } from '@bourse/core';

interface SymbolState {
  day: number;
  open: number;
  last: number;
  ts: number;
  ticks: number;
}

const DAY = INTERVAL_MS['1d'];

/**
 * The general room's market summary: top movers by change since the day's open and counts,
 * from the ticks this instance sees. The day's open is the first trade seen after midnight
 * UTC, or the stored daily bar's open when `openOf` finds it. Memory is bounded by `maxSymbols`.
 */
export class SummaryBuilder {
  private readonly symbols = new Map<string, SymbolState>();
  private ticksSince = 0;
  private changed = false;

  constructor(
    private readonly top = 5,
    private readonly maxSymbols = 20_000,
    private readonly openOf?: (symbol: string, day: number) => Promise<number | undefined>,
  ) {}

  add(ticks: readonly Tick[]): void {
    for (const t of ticks) {
      if (typeof t?.price !== 'number' || typeof t.ts !== 'number') continue;
      const day = t.ts - (t.ts % DAY);
      let s = this.symbols.get(t.symbol);
      if (!s) {
        if (this.symbols.size >= this.maxSymbols) continue;
        s = { day, open: t.price, last: t.price, ts: t.ts, ticks: 0 };
        this.symbols.set(t.symbol, s);
        this.lookupOpen(t.symbol, s);
      } else if (day > s.day) {
        s.day = day;
        s.open = t.price;
        this.lookupOpen(t.symbol, s);
      }
      if (t.ts >= s.ts) {
        s.last = t.price;
        s.ts = t.ts;
      }
      s.ticks++;
      this.ticksSince++;
      this.changed = true;
    }
  }

  private lookupOpen(symbol: string, s: SymbolState): void {
    if (!this.openOf) return;
    const day = s.day;
    this.openOf(symbol, day)
      .then((open) => {
        if (open !== undefined && s.day === day) s.open = open;
      })
      .catch(() => undefined);
  }

  /** The summary, or undefined when nothing changed since the last one. */
  take(now = Date.now()): MarketSummary | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    const today = now - (now % DAY);
    const movers: Mover[] = [];
    let advancers = 0;
    let decliners = 0;
    let unchanged = 0;
    for (const [symbol, s] of this.symbols) {
      if (s.day < today - DAY) {
        this.symbols.delete(symbol);
        continue;
      }
      const changePct = s.open > 0 ? ((s.last - s.open) / s.open) * 100 : 0;
      if (changePct > 0) advancers++;
      else if (changePct < 0) decliners++;
      else unchanged++;
      movers.push({ symbol, last: s.last, open: s.open, changePct: Math.round(changePct * 1e4) / 1e4 });
    }
    movers.sort((a, b) => b.changePct - a.changePct);
    const ticks = this.ticksSince;
    this.ticksSince = 0;
    return {
      ts: now,
      symbols: movers.length,
      advancers,
      decliners,
      unchanged,
      ticks,
      gainers: movers.filter((m) => m.changePct > 0).slice(0, this.top),
      losers: movers
        .filter((m) => m.changePct < 0)
        .slice(-this.top)
        .reverse(),
    };
  }

  clear(): void {
    this.symbols.clear();
    this.ticksSince = 0;
    this.changed = false;
  }
}
