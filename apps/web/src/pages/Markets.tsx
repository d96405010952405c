import type { DataMessage, MarketSummary } from '@bourse/client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from '../app/router';
import { Sparkline } from '../components/sparkline';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, ok } from '../lib/api';
import { formatChange, formatCompact, formatPercent, formatPrice, formatTime } from '../lib/format';
import { useFrameState } from '../lib/frame';
import { useWatchlist, useZoneMode } from '../lib/prefs';
import { exchangeZone, type Reference, useReference } from '../lib/reference';
import { useRooms } from '../lib/stream';
import { useAsync } from '../lib/use-async';

type RestQuote = Awaited<ReturnType<typeof loadQuotes>>[number];

interface Row {
  quote: RestQuote;
  /** recent prices for the sparkline, oldest first */
  spark: number[];
  /** when the sparkline's last point was started */
  sparkAt: number;
  /** +1 / -1: the direction of the last change, and a counter that restarts the flash */
  dir: number;
  flash: number;
}

const SPARK_POINTS = 120;
const SPARK_STEP_MS = 15_000;

async function loadQuotes(symbols: readonly string[]) {
  if (symbols.length === 0) return [];
  return ok(api.GET('/api/v1/quotes', { params: { query: { symbols: symbols.join(',') } } }));
}

async function loadSpark(symbol: string): Promise<number[]> {
  const answer = await ok(
    api.GET('/api/v1/ohlcv/{symbol}', { params: { path: { symbol }, query: { interval: '1m', limit: 60, adjust: 'none' } } }),
  );
  return answer.bars.map((b) => b.c);
}

/** The day's change: against the previous close when the API knows it, else since the day's open. */
function dayChange(q: RestQuote): { change: number | null; pct: number | null; sinceOpen: boolean } {
  if (q.prevClose !== null) return { change: q.last - q.prevClose, pct: ((q.last - q.prevClose) / q.prevClose) * 100, sinceOpen: false };
  if (q.open !== null && q.open !== 0) return { change: q.last - q.open, pct: ((q.last - q.open) / q.open) * 100, sinceOpen: true };
  return { change: null, pct: null, sinceOpen: false };
}

function Watchlist({ reference }: { reference: Reference | undefined }) {
  const [symbols, setSymbols] = useWatchlist();
  const [zone] = useZoneMode();
  const [rows, update] = useFrameState<Record<string, Row>>({});
  const initial = useAsync(() => loadQuotes(symbols), [symbols.join(',')]);

  useEffect(() => {
    const quotes = initial.data;
    if (!quotes) return;
    update((prev) => {
      const next: Record<string, Row> = {};
      for (const q of quotes) {
        const old = prev[q.symbol];
        // the REST answer refreshes volume, open, high and low; a live price newer than it wins
        const quote =
          old && old.quote.ts > q.ts ? { ...q, last: old.quote.last, bid: old.quote.bid, ask: old.quote.ask, ts: old.quote.ts } : q;
        next[q.symbol] = { quote, spark: old?.spark ?? [], sparkAt: old?.sparkAt ?? 0, dir: old?.dir ?? 0, flash: old?.flash ?? 0 };
      }
      return next;
    });
  }, [initial.data, update]);

  // volume and the day's range come from REST: refresh them now and then
  const { reload } = initial;
  useEffect(() => {
    const timer = setInterval(reload, 15_000);
    return () => clearInterval(timer);
  }, [reload]);

  const seeded = useRef(new Set<string>());
  useEffect(() => {
    for (const s of symbols) {
      if (seeded.current.has(s)) continue;
      seeded.current.add(s);
      loadSpark(s).then(
        (closes) =>
          update((prev) => {
            const row = prev[s];
            if (!row) return prev;
            return { ...prev, [s]: { ...row, spark: [...closes, ...row.spark].slice(-SPARK_POINTS) } };
          }),
        () => seeded.current.delete(s),
      );
    }
  }, [symbols, update]);

  useRooms(
    symbols.map((s) => `quotes:${s}`),
    (msg: DataMessage) => {
      if (msg.type !== 'quote' || !msg.data) return;
      const live = msg.data;
      update((prev) => {
        const row = prev[live.symbol];
        if (!row || live.ts < row.quote.ts) return prev;
        const last = live.last;
        const dir = last > row.quote.last ? 1 : last < row.quote.last ? -1 : row.dir;
        const quote = {
          ...row.quote,
          ts: live.ts,
          last,
          bid: live.bid,
          ask: live.ask,
          high: row.quote.high === null ? last : Math.max(row.quote.high, last),
          low: row.quote.low === null ? last : Math.min(row.quote.low, last),
        };
        // one point per SPARK_STEP_MS, its latest price: the line's x axis stays time, not tick count
        const fresh = live.ts - row.sparkAt >= SPARK_STEP_MS;
        const kept = fresh ? row.spark : row.spark.slice(0, -1);
        const spark = [...kept, last].slice(-SPARK_POINTS);
        const sparkAt = fresh ? live.ts : row.sparkAt;
        return { ...prev, [live.symbol]: { quote, spark, sparkAt, dir, flash: last === row.quote.last ? row.flash : row.flash + 1 } };
      });
    },
  );

  const remove = (symbol: string) => setSymbols(symbols.filter((s) => s !== symbol));
  const move = (symbol: string, by: number) => {
    const i = symbols.indexOf(symbol);
    const j = i + by;
    if (i < 0 || j < 0 || j >= symbols.length) return;
    const next = [...symbols];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setSymbols(next);
  };

  return (
    <Panel title="Watchlist" className="watchlist">
      {initial.error && !initial.data ? (
        <ErrorState error={initial.error} onRetry={initial.reload}>
          Could not load the quotes.
        </ErrorState>
      ) : (
        <div className="table-wrap">
          <table className="quotes">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col" className="num">
                  Last
                </th>
                <th scope="col" className="num">
                  <abbr title="Against the previous close; since the day's open (marked °) when there is none">Day chg</abbr>
                </th>
                <th scope="col" className="num hide-phone">
                  Volume
                </th>
                <th scope="col" className="hide-phone">
                  Trend
                </th>
                <th scope="col" className="num hide-phone">
                  Time
                </th>
                <th scope="col">
                  <span className="sr-only">Edit</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {symbols.map((symbol) => {
                const row = rows[symbol];
                const info = reference?.symbols.get(symbol);
                // rows wait for the instrument list too: a price drawn before its tick size is known would change format
                if (!row || !reference) {
                  return (
                    <tr key={symbol}>
                      <th scope="row">{symbol}</th>
                      <td colSpan={6}>{initial.loading || !reference ? <Skeleton /> : <span className="muted">no quote yet</span>}</td>
                    </tr>
                  );
                }
                const q = row.quote;
                const change = dayChange(q);
                const tone = change.change === null || change.change === 0 ? '' : change.change > 0 ? 'up' : 'down';
                return (
                  <tr key={symbol} data-symbol={symbol}>
                    <th scope="row">
                      <Link href={`/instrument/${encodeURIComponent(symbol)}`} className="symbol">
                        {symbol}
                      </Link>
                      <span className="name">{info?.name ?? ''}</span>
                    </th>
                    <td className="num">
                      <span
                        key={row.flash}
                        className={`last ${row.flash ? (row.dir > 0 ? 'flash-up' : 'flash-down') : ''}`}
                        data-testid="last"
                      >
                        {formatPrice(q.last, info)}
                      </span>
                      {info && <span className="ccy">{info.currency}</span>}
                    </td>
                    <td className={`num ${tone}`}>
                      {formatChange(change.change, info)}
                      <br />
                      <small>
                        {formatPercent(change.pct, { points: true })}
                        {change.sinceOpen ? '°' : ''}
                      </small>
                    </td>
                    <td className="num hide-phone">{formatCompact(q.volume)}</td>
                    <td className="hide-phone">
                      <Sparkline values={row.spark} label={`${symbol} recent prices`} />
                    </td>
                    <td className="num hide-phone muted">
                      {formatTime(q.ts, zone === 'exchange' ? exchangeZone(reference, symbol) : undefined)}
                    </td>
                    <td className="edit">
                      <button type="button" className="icon hide-phone" onClick={() => move(symbol, -1)} aria-label={`Move ${symbol} up`}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="icon"
                        onClick={() => remove(symbol)}
                        aria-label={`Remove ${symbol} from the watchlist`}
                      >
                        ×
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {symbols.length === 0 && <p className="muted">The watchlist is empty: add symbols with the search above.</p>}
        </div>
      )}
    </Panel>
  );
}

function Movers({ reference }: { reference: Reference | undefined }) {
  const [summary, update] = useFrameState<MarketSummary | null | undefined>(undefined);
  useRooms(['general'], (msg) => {
    if (msg.type === 'summary') update(() => msg.data);
  });
  const list = (title: string, movers: MarketSummary['gainers'] | undefined) => (
    <div className="movers-list">
      <h3>{title}</h3>
      <ol>
        {movers
          ? movers.slice(0, 5).map((m) => (
              <li key={m.symbol}>
                <Link href={`/instrument/${encodeURIComponent(m.symbol)}`}>{m.symbol}</Link>
                <span className="num">{formatPrice(m.last, reference?.symbols.get(m.symbol))}</span>
                <span className={`num ${m.changePct >= 0 ? 'up' : 'down'}`}>{formatPercent(m.changePct, { points: true })}</span>
              </li>
            ))
          : Array.from({ length: 5 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <li key={i}>
                <Skeleton />
              </li>
            ))}
      </ol>
    </div>
  );
  const total = summary ? summary.advancers + summary.decliners + summary.unchanged || 1 : 1;
  return (
    <Panel title="Market pulse" className="movers">
      <div className="breadth">
        {summary ? (
          <>
            <div className="breadth-bar" aria-hidden="true">
              <span className="up-bg" style={{ width: `${(summary.advancers / total) * 100}%` }} />
              <span className="flat-bg" style={{ width: `${(summary.unchanged / total) * 100}%` }} />
              <span className="down-bg" style={{ width: `${(summary.decliners / total) * 100}%` }} />
            </div>
            <p>
              <span className="up">{summary.advancers} advancing</span> · <span className="muted">{summary.unchanged} unchanged</span> ·{' '}
              <span className="down">{summary.decliners} declining</span>
            </p>
          </>
        ) : (
          <Skeleton height="2.6rem" />
        )}
      </div>
      <div className="movers-grid">
        {list('Top gainers', summary?.gainers)}
        {list('Top losers', summary?.losers)}
      </div>
      <p className="muted small">Since the day's open (UTC day).</p>
    </Panel>
  );
}

function Search() {
  const [symbols, setSymbols] = useWatchlist();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const t = setTimeout(() => setQuery(q.trim()), 200);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== '/' || target?.closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const results = useAsync(
    async () => (query ? (await ok(api.GET('/api/v1/symbols', { params: { query: { q: query, limit: 8, offset: 0 } } }))).data : []),
    [query],
  );
  return (
    <div className="search">
      <label htmlFor="symbol-search" className="sr-only">
        Search by symbol or name
      </label>
      <input
        id="symbol-search"
        ref={input}
        type="search"
        placeholder="Search symbol or name  (press / )"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
      />
      {query && (
        <ul className="search-results" aria-label="Search results">
          {results.error && <li className="muted">Search failed: {results.error.message}</li>}
          {results.data?.length === 0 && <li className="muted">No instrument matches “{query}”.</li>}
          {results.data?.map((s) => (
            <li key={s.symbol}>
              <Link href={`/instrument/${encodeURIComponent(s.symbol)}`}>
                <strong>{s.symbol}</strong> <span className="muted">{s.name}</span>
              </Link>
              <span className="muted small">{s.exchange}</span>
              {symbols.includes(s.symbol) ? (
                <span className="muted small">in watchlist</span>
              ) : (
                <button
                  type="button"
                  className="small"
                  onClick={() => setSymbols([...symbols, s.symbol])}
                  aria-label={`Add ${s.symbol} to the watchlist`}
                >
                  + Watch
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default function Markets() {
  const reference = useReference();
  const heading = useMemo(() => <h1>Markets</h1>, []);
  return (
    <div className="page markets">
      <div className="page-head">
        {heading}
        <Search />
      </div>
      <div className="markets-grid">
        <Watchlist reference={reference} />
        <Movers reference={reference} />
      </div>
    </div>
  );
}
