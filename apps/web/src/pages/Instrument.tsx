import type { Bar, DataMessage, Quote } from '@bourse/client';
import { useCallback, useMemo, useRef, useState } from 'react';
import { type Candle, type IndicatorLine, PriceChart, type PriceChartHandle } from '../charts/PriceChart';
import { Link } from '../app/router';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, ok } from '../lib/api';
import { formatChange, formatCompact, formatPercent, formatPrice, formatTime, zoneOffsetMs } from '../lib/format';
import { useFrameState } from '../lib/frame';
import { type ChosenIndicator, drawsOnPrice, indicatorSpec, plottedOutputs } from '../lib/indicators';
import { usePref, useZoneMode } from '../lib/prefs';
import { exchangeZone, useReference } from '../lib/reference';
import { useRooms } from '../lib/stream';
import { usePalette } from '../lib/theme';
import { useAsync } from '../lib/use-async';
import { SignalPanel } from './SignalPanel';

const INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
type Interval = (typeof INTERVALS)[number];

type Available = Awaited<ReturnType<typeof loadAvailable>>[number];
async function loadAvailable() {
  return (await ok(api.GET('/api/v1/indicators/available'))).data;
}

function QuotePanel({ symbol, zone }: { symbol: string; zone: string | undefined }) {
  const reference = useReference();
  const info = reference?.symbols.get(symbol);
  const rest = useAsync(() => ok(api.GET('/api/v1/quotes/{symbol}', { params: { path: { symbol } } })), [symbol]);
  const [live, update] = useFrameState<Quote | undefined>(undefined);
  useRooms([`quotes:${symbol}`], (msg) => {
    if (msg.type === 'quote' && msg.data) {
      const q = msg.data;
      update(() => q);
    }
  });
  const q = rest.data;
  const last = live && (!q || live.ts >= q.ts) ? live : q;
  const ref = q?.prevClose ?? q?.open ?? null;
  const change = last && ref !== null ? last.last - ref : null;
  return (
    <Panel title="Quote">
      {rest.error && !q ? (
        <ErrorState error={rest.error} onRetry={rest.reload} />
      ) : (
        <>
          <div className="big-price" data-testid="quote-last">
            {last ? formatPrice(last.last, info) : <Skeleton width="8rem" />}
            <span className="ccy">{info?.currency}</span>
          </div>
          <p className={change === null ? 'muted' : change >= 0 ? 'up' : 'down'}>
            {formatChange(change, info)} ({formatPercent(change !== null && ref ? (change / ref) * 100 : null, { points: true })})
            <span className="muted small"> {q?.prevClose === null ? 'since the open' : 'on the day'}</span>
          </p>
          <dl className="facts">
            <dt>Bid</dt>
            <dd>{formatPrice(last?.bid, info)}</dd>
            <dt>Ask</dt>
            <dd>{formatPrice(last?.ask, info)}</dd>
            <dt>Open</dt>
            <dd>{formatPrice(q?.open, info)}</dd>
            <dt>High</dt>
            <dd>{formatPrice(q?.high, info)}</dd>
            <dt>Low</dt>
            <dd>{formatPrice(q?.low, info)}</dd>
            <dt>Prev. close</dt>
            <dd>{formatPrice(q?.prevClose, info)}</dd>
            <dt>Volume</dt>
            <dd>{formatCompact(q?.volume)}</dd>
            <dt>Time</dt>
            <dd>{last ? formatTime(last.ts, zone) : '—'}</dd>
          </dl>
          {info && (
            <p className="muted small">
              {info.name} · {info.exchange} · {info.assetClass} · tick {info.tickSize} {info.currency}
            </p>
          )}
        </>
      )}
    </Panel>
  );
}

function IndicatorPicker({
  available,
  chosen,
  onChange,
  colorOf,
}: {
  available: readonly Available[];
  chosen: readonly ChosenIndicator[];
  onChange: (next: ChosenIndicator[]) => void;
  colorOf: (i: number) => string;
}) {
  const [name, setName] = useState('');
  const selected = available.find((a) => a.name === name);
  const [params, setParams] = useState<Record<string, string>>({});
  const pick = (next: string) => {
    setName(next);
    const def = available.find((a) => a.name === next);
    setParams(Object.fromEntries((def?.parameters ?? []).map((p) => [p.name, String(p.default)])));
  };
  const add = () => {
    if (!selected) return;
    const values: Record<string, number> = {};
    for (const p of selected.parameters) {
      const v = Number(params[p.name] ?? p.default);
      values[p.name] = Number.isFinite(v) ? Math.min(p.max ?? v, Math.max(p.min ?? v, v)) : p.default;
    }
    onChange([...chosen, { name: selected.name, params: values }]);
    setName('');
  };
  const groups = useMemo(() => {
    const by = new Map<string, Available[]>();
    for (const a of available) by.set(a.group, [...(by.get(a.group) ?? []), a]);
    return [...by];
  }, [available]);
  return (
    <div>
      <div className="params">
        <label>
          Indicator
          <select value={name} onChange={(e) => pick(e.target.value)} data-testid="indicator-select">
            <option value="">Add an indicator…</option>
            {groups.map(([group, items]) => (
              <optgroup key={group} label={group}>
                {items.map((a) => (
                  <option key={a.name} value={a.name}>
                    {a.title} ({a.name.toUpperCase()})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        {selected?.parameters.map((p) => (
          <label key={p.name} title={p.description}>
            {p.name}
            <input
              type="number"
              value={params[p.name] ?? ''}
              min={p.min}
              max={p.max}
              step={p.integer ? 1 : 'any'}
              onChange={(e) => setParams({ ...params, [p.name]: e.target.value })}
            />
          </label>
        ))}
        {selected && (
          <button type="button" onClick={add} data-testid="indicator-add">
            Add
          </button>
        )}
      </div>
      {chosen.length > 0 && (
        <ul className="chips" aria-label="Indicators on the chart">
          {chosen.map((c, i) => {
            const def = available.find((a) => a.name === c.name);
            const label = indicatorSpec(c, def?.parameters.map((p) => p.name) ?? []);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the same indicator may be chosen twice; its place tells them apart
              <li key={`${label}-${i}`} className="chip">
                <span className="swatch" style={{ background: colorOf(i) }} aria-hidden="true" />
                {label}
                <button
                  type="button"
                  className="icon"
                  onClick={() => onChange(chosen.filter((_, j) => j !== i))}
                  aria-label={`Remove ${label}`}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

const DEFAULT_INDICATORS: ChosenIndicator[] = [];

export default function Instrument({ symbol }: { symbol: string }) {
  const reference = useReference();
  const info = reference?.symbols.get(symbol);
  const palette = usePalette();
  const [mode] = useZoneMode();
  const zone = mode === 'exchange' ? exchangeZone(reference, symbol) : undefined;
  const offsetMs = useCallback((ts: number) => zoneOffsetMs(ts, zone), [zone]);
  const [interval, setInterval_] = usePref<Interval>('bourse.interval', '1m');
  const [chosen, setChosen] = usePref<ChosenIndicator[]>('bourse.indicators', DEFAULT_INDICATORS);
  const [finals, setFinals] = useState(0);

  const bars = useAsync(
    async () =>
      (await ok(api.GET('/api/v1/ohlcv/{symbol}', { params: { path: { symbol }, query: { interval, limit: 500, adjust: 'none' } } })))
        .bars as Candle[],
    [symbol, interval],
  );
  const available = useAsync(loadAvailable, []);
  const specs = useMemo(() => {
    const defs = new Map((available.data ?? []).map((a) => [a.name, a]));
    return chosen.flatMap((c) => {
      const def = defs.get(c.name);
      return def
        ? [
            {
              chosen: c,
              def,
              spec: indicatorSpec(
                c,
                def.parameters.map((p) => p.name),
              ),
            },
          ]
        : [];
    });
  }, [chosen, available.data]);
  const values = useAsync(
    async () =>
      specs.length === 0
        ? undefined
        : ok(
            api.GET('/api/v1/indicators/{symbol}', {
              params: { path: { symbol }, query: { interval, indicators: specs.map((s) => s.spec).join(','), limit: 500 } },
            }),
          ),
    [symbol, interval, specs.map((s) => s.spec).join(','), finals],
  );

  const colorOf = useCallback((i: number) => palette.series[i % palette.series.length]!, [palette]);
  const lines = useMemo<IndicatorLine[]>(() => {
    const answer = values.data;
    if (!answer) return [];
    const out: IndicatorLine[] = [];
    let pane = 0;
    specs.forEach((s, i) => {
      const result = answer.results[i];
      if (!result) return;
      const onPrice = drawsOnPrice(s.def);
      if (!onPrice) pane++;
      const outputs = plottedOutputs(s.def.name, s.def.outputs);
      outputs.forEach((o, j) => {
        const series = (result.outputs as Record<string, (number | null)[]>)[o];
        if (!series) return;
        out.push({
          key: `${s.spec}.${o}`,
          label: outputs.length > 1 ? `${s.spec} ${o}` : s.spec,
          color: j === 0 ? colorOf(i) : `${colorOf(i)}${j === 1 ? 'bb' : '88'}`,
          pane: onPrice ? 0 : pane,
          histogram: o === 'histogram',
          t: answer.t,
          values: series,
        });
      });
    });
    return out;
  }, [values.data, specs, colorOf]);

  const chart = useRef<PriceChartHandle>(null);
  const onReady = useCallback((h: PriceChartHandle) => {
    chart.current = h;
  }, []);
  useRooms([`bars:${interval}:${symbol}`], (msg: DataMessage) => {
    if (msg.type !== 'bar' || !msg.data) return;
    const bar: Bar = msg.data;
    // until this interval's history is drawn, its live bars would land on the previous interval's
    if (!bars.data || bars.loading) return;
    chart.current?.update(bar);
    // a finished bar moves the indicators on
    if (bar.final) setFinals((n) => n + 1);
  });

  return (
    <div className="page instrument">
      <div className="page-head">
        <h1>
          {symbol} <span className="muted small">{info?.name}</span>
        </h1>
        {reference && !info && <p className="muted">Unknown symbol.</p>}
        {['SPX', 'SPY', 'AAPL', 'NIFTY', 'BANKNIFTY', 'BTC-USD'].includes(symbol) && (
          <Link href={`/options/${encodeURIComponent(symbol)}`}>Options on {symbol} →</Link>
        )}
      </div>
      <div className="instrument-grid">
        <Panel
          title="Chart"
          actions={
            <fieldset className="toolbar" aria-label="Interval">
              {INTERVALS.map((iv) => (
                <button key={iv} type="button" className="ghost small" aria-pressed={iv === interval} onClick={() => setInterval_(iv)}>
                  {iv}
                </button>
              ))}
            </fieldset>
          }
        >
          {bars.error && !bars.data ? (
            <ErrorState error={bars.error} onRetry={bars.reload}>
              Could not load the bars.
            </ErrorState>
          ) : (
            <div style={{ position: 'relative' }}>
              {!bars.data && (
                <div style={{ position: 'absolute', inset: 0, zIndex: 2 }}>
                  <Skeleton height="100%" />
                </div>
              )}
              <PriceChart
                candles={bars.data ?? []}
                lines={lines}
                instrument={info}
                palette={palette}
                offsetMs={offsetMs}
                onReady={onReady}
              />
            </div>
          )}
          {available.error ? (
            <ErrorState error={available.error} onRetry={available.reload}>
              Could not load the indicators.
            </ErrorState>
          ) : (
            <IndicatorPicker available={available.data ?? []} chosen={chosen} onChange={setChosen} colorOf={colorOf} />
          )}
          {values.error && <ErrorState error={values.error} onRetry={values.reload} />}
          <p className="muted small">Times: {zone ?? 'local'}.</p>
        </Panel>
        <div className="stack">
          <QuotePanel symbol={symbol} zone={zone} />
          <SignalPanel symbol={symbol} zone={zone} />
        </div>
      </div>
    </div>
  );
}
