import { useEffect, useMemo, useRef, useState } from 'react';
import { axis, baseOption, valueAxis, type ChartOption, EChart } from '../charts/EChart';
import { Link } from '../app/router';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, ok } from '../lib/api';
import { formatCompact, formatNumber, formatPercent, formatPrice, formatTime } from '../lib/format';
import { useZoneMode } from '../lib/prefs';
import { exchangeZone, useReference } from '../lib/reference';
import { useRooms } from '../lib/stream';
import { type Palette, usePalette } from '../lib/theme';
import { type AsyncState, useAsync } from '../lib/use-async';

type Chain = Awaited<ReturnType<typeof loadChain>>;
type Analytics = Awaited<ReturnType<typeof loadAnalytics>>;
type Surface = Awaited<ReturnType<typeof loadSurface>>;

const loadExpiries = (underlying: string) => ok(api.GET('/api/v1/options/{underlying}/expiries', { params: { path: { underlying } } }));
const loadChain = (underlying: string, expiry: string) =>
  ok(api.GET('/api/v1/options/{underlying}/chain', { params: { path: { underlying }, query: { expiry } } }));
const loadAnalytics = (underlying: string, expiry: string) =>
  ok(api.GET('/api/v1/options/{underlying}/analytics', { params: { path: { underlying }, query: { expiry } } }));
const loadSurface = (underlying: string) => ok(api.GET('/api/v1/options/{underlying}/surface', { params: { path: { underlying } } }));
const loadGex = (underlying: string, expiry: string) =>
  ok(api.GET('/api/v1/options/{underlying}/gex', { params: { path: { underlying }, query: { expiry } } }));
const loadPcr = (underlying: string) =>
  ok(api.GET('/api/v1/options/{underlying}/pcr', { params: { path: { underlying }, query: { limit: 500 } } }));

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(v * 100, 1)}%`);

/** The chain table: calls on the left, puts on the right; in-the-money cells shaded, the at-the-money strike marked. */
export function ChainTable({ chain, tickSize }: { chain: Chain; tickSize: number }) {
  const money = { currency: 'USD', tickSize: 0.01 };
  const atm = useMemo(() => {
    let best: number | undefined;
    for (const row of chain.data)
      if (best === undefined || Math.abs(row.strike - chain.forward) < Math.abs(best - chain.forward)) best = row.strike;
    return best;
  }, [chain]);
  const atmRow = useRef<HTMLTableRowElement>(null);
  const scrolled = useRef('');
  useEffect(() => {
    // bring the money into view once per expiry, not on every update
    const key = `${chain.underlying}:${chain.expiry}`;
    if (scrolled.current === key || !atmRow.current) return;
    scrolled.current = key;
    const box = atmRow.current.closest('.chain');
    if (box) box.scrollTop = atmRow.current.offsetTop - box.clientHeight / 2;
  }, [chain]);
  const side = (c: Chain['data'][number]['call'], itm: boolean) => {
    const cls = itm ? 'num itm' : 'num';
    if (!c) return <td className={cls} colSpan={6} />;
    return (
      <>
        <td className={cls}>{formatPrice(c.bid, money)}</td>
        <td className={cls}>{formatPrice(c.ask, money)}</td>
        <td className={cls} data-testid="iv" title={c.ivError ?? undefined}>
          {c.iv === null ? '—' : pct(c.iv)}
        </td>
        <td className={`${cls} hide-phone`}>{formatNumber(c.delta, 3)}</td>
        <td className={`${cls} hide-phone`}>{formatNumber(c.gamma, 4)}</td>
        <td className={`${cls} hide-phone`}>{formatCompact(c.openInterest)}</td>
      </>
    );
  };
  const head = (
    <>
      <th scope="col" className="num">
        Bid
      </th>
      <th scope="col" className="num">
        Ask
      </th>
      <th scope="col" className="num">
        IV
      </th>
      <th scope="col" className="num hide-phone">
        Δ
      </th>
      <th scope="col" className="num hide-phone">
        Γ
      </th>
      <th scope="col" className="num hide-phone">
        OI
      </th>
    </>
  );
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard */}
      <section className="chain table-wrap" data-testid="chain" tabIndex={0} aria-label={`${chain.underlying} ${chain.expiry} chain`}>
        <table>
          <caption className="sr-only">
            {chain.underlying} option chain, expiry {chain.expiry}: calls left, puts right; in-the-money shaded
          </caption>
          <thead>
            <tr>
              <th scope="colgroup" colSpan={6} className="hide-phone">
                Calls
              </th>
              <th scope="col" />
              <th scope="colgroup" colSpan={6} className="hide-phone">
                Puts
              </th>
            </tr>
            <tr>
              {head}
              <th scope="col">Strike</th>
              {head}
            </tr>
          </thead>
          <tbody>
            {chain.data.map((row) => (
              <tr key={row.strike} className={row.strike === atm ? 'atm' : ''} ref={row.strike === atm ? atmRow : undefined}>
                {side(row.call, row.strike < chain.spot)}
                <th scope="row" className="strike">
                  {formatPrice(row.strike, { currency: 'USD', tickSize })}
                  {row.strike === atm && <span className="atm-tag">ATM</span>}
                </th>
                {side(row.put, row.strike > chain.spot)}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function smileOption(palette: Palette, analytics: Analytics): ChartOption {
  const smile = analytics.data[0]?.smile ?? [];
  const base = baseOption(palette);
  return {
    ...base,
    tooltip: { ...base.tooltip, valueFormatter: (v) => pct(v as number) },
    xAxis: { ...axis(palette), type: 'value', name: 'strike', scale: true },
    yAxis: { ...valueAxis(palette, (v) => `${(v * 100).toFixed(0)}%`), scale: true },
    series: [
      { name: 'IV', type: 'line', showSymbol: false, data: smile.map((p) => [p.strike, p.iv]) },
      {
        name: 'call IV',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 1 },
        data: smile.map((p) => [p.strike, p.callIv]),
      },
      {
        name: 'put IV',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dotted', width: 1 },
        data: smile.map((p) => [p.strike, p.putIv]),
      },
    ],
  };
}

function termOption(palette: Palette, surface: Surface): ChartOption {
  const base = baseOption(palette);
  return {
    ...base,
    tooltip: { ...base.tooltip, valueFormatter: (v) => pct(v as number) },
    xAxis: { ...axis(palette), type: 'category', data: surface.data.map((e) => e.expiry) },
    yAxis: { ...valueAxis(palette, (v) => `${(v * 100).toFixed(0)}%`), scale: true },
    series: [
      { name: 'ATM IV', type: 'line', data: surface.data.map((e) => e.atmIv) },
      { name: '25Δ RR', type: 'line', data: surface.data.map((e) => e.rr25) },
      { name: '25Δ BF', type: 'line', data: surface.data.map((e) => e.bf25) },
    ],
  };
}

function surfaceOption(palette: Palette, surface: Surface): ChartOption {
  const base = baseOption(palette);
  const cells: [number, number, number][] = [];
  surface.data.forEach((e, y) => {
    e.byMoneyness.forEach((iv, x) => {
      if (iv !== null) cells.push([x, y, iv]);
    });
  });
  // the colour scale spans the 5th to 95th percentile: an expiry hours away would otherwise wash out the rest
  const sorted = cells.map((c) => c[2]).sort((a, b) => a - b);
  const min = sorted[Math.floor(sorted.length * 0.05)] ?? 0;
  const max = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 1;
  return {
    ...base,
    grid: { left: 86, right: 16, top: 16, bottom: 72 },
    legend: { show: false },
    tooltip: {
      ...base.tooltip,
      trigger: 'item',
      formatter: (p) => {
        const [x, y, v] = (p as unknown as { value: [number, number, number] }).value;
        return `${surface.data[y]?.expiry} · K/F ${surface.moneyness[x]}: ${pct(v)}`;
      },
    },
    xAxis: { ...axis(palette), type: 'category', data: surface.moneyness.map(String) },
    yAxis: { ...axis(palette), type: 'category', data: surface.data.map((e) => e.expiry) },
    visualMap: {
      min,
      max: max > min ? max : min + 0.01,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      textStyle: { color: palette.text },
      formatter: (v) => pct(v as number),
      inRange: { color: palette.dark ? ['#1e3a8a', '#0ea5e9', '#facc15', '#f97316'] : ['#dbeafe', '#60a5fa', '#f59e0b', '#b91c1c'] },
    },
    series: [{ name: 'IV', type: 'heatmap', data: cells }],
  };
}

function oiOption(palette: Palette, chain: Chain, maxPain: number | undefined): ChartOption {
  const base = baseOption(palette);
  return {
    ...base,
    xAxis: { ...axis(palette), type: 'category', data: chain.data.map((r) => String(r.strike)) },
    yAxis: valueAxis(palette, formatCompact),
    series: [
      {
        name: 'call OI',
        type: 'bar',
        data: chain.data.map((r) => r.call?.openInterest ?? 0),
        itemStyle: { color: palette.up },
        ...(maxPain !== undefined
          ? {
              markLine: {
                symbol: 'none',
                label: { formatter: `max pain ${maxPain}`, color: palette.text },
                data: [{ xAxis: String(maxPain) }],
              },
            }
          : {}),
      },
      { name: 'put OI', type: 'bar', data: chain.data.map((r) => r.put?.openInterest ?? 0), itemStyle: { color: palette.down } },
    ],
  };
}

function gexOption(palette: Palette, gex: Awaited<ReturnType<typeof loadGex>>): ChartOption {
  const base = baseOption(palette);
  return {
    ...base,
    legend: { show: false },
    tooltip: { ...base.tooltip, valueFormatter: (v) => formatCompact(v as number) },
    xAxis: { ...axis(palette), type: 'category', data: gex.data.map((r) => String(r.strike)) },
    yAxis: valueAxis(palette, formatCompact),
    series: [
      {
        name: 'gamma exposure',
        type: 'bar',
        data: gex.data.map((r) => ({ value: r.gex, itemStyle: { color: r.gex >= 0 ? palette.up : palette.down } })),
      },
    ],
  };
}

function pcrOption(palette: Palette, pcr: Awaited<ReturnType<typeof loadPcr>>, zone: string | undefined): ChartOption {
  const base = baseOption(palette);
  const times = pcr.data.map((p) => formatTime(p.ts, zone));
  return {
    ...base,
    xAxis: { ...axis(palette), type: 'category', data: times },
    yAxis: { ...axis(palette), type: 'value', scale: true },
    series: [
      { name: 'PCR (OI)', type: 'line', showSymbol: false, data: pcr.data.map((p) => p.pcrOi) },
      { name: 'PCR (volume)', type: 'line', showSymbol: false, data: pcr.data.map((p) => p.pcrVolume) },
    ],
  };
}

/** A chart panel: its skeleton while loading, its error with retry, then the chart. */
function ChartPanel<T>({
  title,
  state,
  option,
  testId,
  className,
}: {
  title: string;
  state: AsyncState<T>;
  option: (data: T) => ChartOption;
  testId?: string;
  className?: string;
}) {
  const data = state.data;
  const opt = useMemo(() => (data === undefined ? undefined : option(data)), [data, option]);
  return (
    <Panel title={title} {...(className ? { className } : {})}>
      {state.error && !data ? (
        <ErrorState error={state.error} onRetry={state.reload} />
      ) : opt ? (
        <EChart option={opt} label={title} {...(testId ? { testId } : {})} />
      ) : (
        <Skeleton height="300px" />
      )}
    </Panel>
  );
}

export default function Options({ underlying }: { underlying: string }) {
  const reference = useReference();
  const palette = usePalette();
  const [mode] = useZoneMode();
  const zone = mode === 'exchange' ? exchangeZone(reference, underlying) : undefined;
  const expiries = useAsync(() => loadExpiries(underlying), [underlying]);
  const [expiry, setExpiry] = useState<string>();
  // by default the nearest expiry more than a day away: one that ends within hours has a degenerate smile
  const listed = expiries.data?.data ?? [];
  const nearest = (listed.find((e) => e.timeToExpiry > 1 / 365) ?? listed[0])?.expiry;
  const current = expiry && listed.some((e) => e.expiry === expiry) ? expiry : nearest;
  // the chain room says when the feed has published a new chain: reload what derives from it, at most every 2 s
  const [tick, setTick] = useState(0);
  const lastReload = useRef(0);
  useRooms([`chain:${underlying}`], (msg) => {
    if (msg.type !== 'option.chain' || msg.snapshot) return;
    const now = Date.now();
    if (now - lastReload.current < 2000) return;
    lastReload.current = now;
    setTick((t) => t + 1);
  });

  const chain = useAsync(async () => (current ? loadChain(underlying, current) : undefined), [underlying, current, tick]);
  const analytics = useAsync(async () => (current ? loadAnalytics(underlying, current) : undefined), [underlying, current, tick]);
  const gex = useAsync(async () => (current ? loadGex(underlying, current) : undefined), [underlying, current, tick]);
  const surface = useAsync(() => loadSurface(underlying), [underlying, tick]);
  const pcr = useAsync(() => loadPcr(underlying), [underlying, Math.floor(tick / 3)]);

  const tickSize = reference?.symbols.get(underlying)?.tickSize ?? 0.01;
  const a = analytics.data?.data[0];
  const maxPain = a?.maxPain?.strike;
  const chainData = chain.data;
  const analyticsData = analytics.data;

  const smile = useMemo(() => (d: NonNullable<Analytics>) => smileOption(palette, d), [palette]);
  const term = useMemo(() => (d: Surface) => termOption(palette, d), [palette]);
  const heat = useMemo(() => (d: Surface) => surfaceOption(palette, d), [palette]);
  const gexOpt = useMemo(() => (d: NonNullable<Awaited<ReturnType<typeof loadGex>>>) => gexOption(palette, d), [palette]);
  const pcrOpt = useMemo(() => (d: Awaited<ReturnType<typeof loadPcr>>) => pcrOption(palette, d, zone), [palette, zone]);
  const oi = useMemo(() => (chainData ? oiOption(palette, chainData, maxPain) : undefined), [palette, chainData, maxPain]);

  return (
    <div className="page options">
      <div className="page-head">
        <h1>
          Options on <Link href={`/instrument/${encodeURIComponent(underlying)}`}>{underlying}</Link>
        </h1>
        <label>
          Expiry{' '}
          <select value={current ?? ''} onChange={(e) => setExpiry(e.target.value)} disabled={!expiries.data} data-testid="expiry">
            {expiries.data?.data.map((e) => (
              <option key={e.expiry} value={e.expiry}>
                {e.expiry} · {e.kind} · {e.root}
              </option>
            ))}
          </select>
        </label>
      </div>
      {expiries.error && !expiries.data ? (
        <ErrorState error={expiries.error} onRetry={expiries.reload}>
          No option chain for {underlying}.
        </ErrorState>
      ) : (
        <>
          <Panel title="Summary">
            <div className="stats">
              <div className="stat">
                <span>Spot</span>
                <span>{formatPrice(chainData?.spot ?? expiries.data?.spot, { currency: 'USD', tickSize })}</span>
              </div>
              <div className="stat">
                <span>Forward</span>
                <span>{formatPrice(chainData?.forward, { currency: 'USD', tickSize: 0.01 })}</span>
              </div>
              <div className="stat">
                <span>ATM IV</span>
                <span>{pct(a?.atmIv)}</span>
              </div>
              <div className="stat">
                <span>ATM straddle</span>
                <span>{formatNumber(a?.atm?.straddle)}</span>
              </div>
              <div className="stat">
                <span>PCR (OI / vol)</span>
                <span>
                  {formatNumber(a?.pcr.byOpenInterest)} / {formatNumber(a?.pcr.byVolume)}
                </span>
              </div>
              <div className="stat">
                <span>Max pain (expiry / all)</span>
                <span>
                  {maxPain ?? '—'} / {analyticsData?.maxPain?.strike ?? '—'}
                </span>
              </div>
              <div className="stat">
                <span>25Δ RR / BF</span>
                <span>
                  {formatPercent(a?.rr25, { decimals: 1 })} / {formatPercent(a?.bf25, { decimals: 1 })}
                </span>
              </div>
              <div className="stat">
                <span>GEX total</span>
                <span>{formatCompact(gex.data?.total)}</span>
              </div>
            </div>
          </Panel>
          <div className="options-grid">
            <Panel title={`Chain ${current ?? ''}`} className="wide">
              {chain.error && !chainData ? (
                <ErrorState error={chain.error} onRetry={chain.reload} />
              ) : chainData ? (
                <ChainTable chain={chainData} tickSize={tickSize} />
              ) : (
                <Skeleton height="560px" />
              )}
            </Panel>
            <ChartPanel title="Smile" state={analytics as AsyncState<NonNullable<Analytics>>} option={smile} testId="smile" />
            <ChartPanel title="Term structure" state={surface} option={term} />
            <ChartPanel title="IV surface (expiry × K/F)" state={surface} option={heat} className="wide" testId="surface" />
            <Panel title="Open interest by strike">
              {oi ? <EChart option={oi} label="Open interest by strike" /> : <Skeleton height="300px" />}
            </Panel>
            <ChartPanel
              title="Gamma exposure by strike"
              state={gex as AsyncState<NonNullable<Awaited<ReturnType<typeof loadGex>>>>}
              option={gexOpt}
            />
            <ChartPanel title="Put/call ratio trend" state={pcr} option={pcrOpt} className="wide" />
          </div>
        </>
      )}
    </div>
  );
}
