import type { Bar } from '@bourse/client';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  type MouseEventParams,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatCompact, formatNumber, formatPrice, type Instrument } from '../lib/format';
import { frameThrottle } from '../lib/frame';
import type { Palette } from '../lib/theme';

/** One OHLCV bar as the REST API sends it. */
export interface Candle {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** A line (or histogram) of an indicator: its values aligned with `t`, drawn on the price pane or its own. */
export interface IndicatorLine {
  key: string;
  label: string;
  color: string;
  pane: number;
  histogram?: boolean;
  t: readonly number[];
  values: readonly (number | null)[];
}

export interface PriceChartHandle {
  /** The open bar changed (or a new one started): draw it now, at most once per frame. */
  update(bar: Bar): void;
}

interface Props {
  candles: readonly Candle[];
  lines: readonly IndicatorLine[];
  instrument: Instrument | undefined;
  palette: Palette;
  /** shifts every timestamp by the zone's offset, since lightweight-charts draws UTC only */
  offsetMs: (ts: number) => number;
  onReady?: (handle: PriceChartHandle) => void;
}

interface Legend {
  time: string;
  bar?: { o: number; h: number; l: number; c: number; v: number };
  values: { label: string; color: string; value: number | undefined }[];
}

export function PriceChart({ candles, lines, instrument, palette, offsetMs, onReady }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi>(null);
  const price = useRef<ISeriesApi<'Candlestick'>>(null);
  const volume = useRef<ISeriesApi<'Histogram'>>(null);
  const lastTime = useRef(0);
  const indicatorSeries = useRef<{ line: IndicatorLine; series: ISeriesApi<SeriesType> }[]>([]);
  const [legend, setLegend] = useState<Legend>({ time: '', values: [] });
  const latestOffset = useRef(offsetMs);
  latestOffset.current = offsetMs;
  const toTime = useCallback((ts: number) => Math.floor((ts + latestOffset.current(ts)) / 1000) as UTCTimestamp, []);

  // the chart itself: made once, themed when the system theme changes
  // biome-ignore lint/correctness/useExhaustiveDependencies: made once; the theme is applied below
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = createChart(el, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: palette.text, attributionLogo: false },
      grid: { vertLines: { color: palette.border }, horzLines: { color: palette.border } },
      crosshair: { mode: CrosshairMode.Normal },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: palette.border },
      rightPriceScale: { borderColor: palette.border },
    });
    chart.current = c;
    price.current = c.addSeries(CandlestickSeries, {
      upColor: palette.up,
      downColor: palette.down,
      borderUpColor: palette.up,
      borderDownColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
    });
    volume.current = c.addSeries(HistogramSeries, {
      priceFormat: { type: 'volume' },
      priceScaleId: 'volume',
      lastValueVisible: false,
      priceLineVisible: false,
    });
    c.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const update = frameThrottle((bar: Bar) => {
      const time = toTime(bar.start);
      // a bar older than the newest drawn (a final bar arriving after the next one opened) has nothing to add
      if (time < lastTime.current) return;
      lastTime.current = time;
      price.current?.update({ time, open: bar.open, high: bar.high, low: bar.low, close: bar.close });
      volume.current?.update({ time, value: bar.volume, color: bar.close >= bar.open ? `${palette.up}66` : `${palette.down}66` });
    });
    onReady?.({ update });
    return () => {
      update.cancel();
      c.remove();
      chart.current = null;
      price.current = null;
      volume.current = null;
      indicatorSeries.current = [];
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.applyOptions({
      layout: { textColor: palette.text },
      grid: { vertLines: { color: palette.border }, horzLines: { color: palette.border } },
    });
    price.current?.applyOptions({
      upColor: palette.up,
      downColor: palette.down,
      borderUpColor: palette.up,
      borderDownColor: palette.down,
      wickUpColor: palette.up,
      wickDownColor: palette.down,
    });
  }, [palette]);

  useEffect(() => {
    if (!instrument) return;
    const decimals = Math.min(8, Math.max(0, Math.round(-Math.log10(instrument.tickSize))));
    price.current?.applyOptions({ priceFormat: { type: 'price', precision: decimals, minMove: instrument.tickSize } });
  }, [instrument]);

  // the bars
  // biome-ignore lint/correctness/useExhaustiveDependencies: offsetMs redraws the bars in another zone
  useEffect(() => {
    price.current?.setData(candles.map((b) => ({ time: toTime(b.t), open: b.o, high: b.h, low: b.l, close: b.c })));
    const newest = candles.at(-1);
    lastTime.current = newest ? toTime(newest.t) : 0;
    // a short history fills the width rather than huddling at the right edge
    if (candles.length > 0 && candles.length < 120) chart.current?.timeScale().fitContent();
    volume.current?.setData(
      candles.map((b) => ({ time: toTime(b.t), value: b.v, color: b.c >= b.o ? `${palette.up}66` : `${palette.down}66` })),
    );
  }, [candles, offsetMs, palette, toTime]);

  // the indicators: drawn afresh when they change
  // biome-ignore lint/correctness/useExhaustiveDependencies: offsetMs redraws the lines in another zone
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const { series } of indicatorSeries.current) c.removeSeries(series);
    indicatorSeries.current = [];
    for (const line of lines) {
      const options = { color: line.color, lineWidth: 2 as const, priceLineVisible: false, lastValueVisible: line.pane > 0, title: '' };
      const series = line.histogram ? c.addSeries(HistogramSeries, { ...options }, line.pane) : c.addSeries(LineSeries, options, line.pane);
      const data: { time: UTCTimestamp; value: number }[] = [];
      line.values.forEach((v, i) => {
        const t = line.t[i];
        if (v !== null && t !== undefined) data.push({ time: toTime(t), value: v });
      });
      series.setData(data);
      indicatorSeries.current.push({ line, series });
    }
    const panes = c.panes();
    for (let i = 1; i < panes.length; i++) panes[i]?.setHeight(110);
  }, [lines, offsetMs, toTime]);

  // the legend under the crosshair (the last bar when the pointer is away); redone when the data changes
  // biome-ignore lint/correctness/useExhaustiveDependencies: lines and candles change what the legend shows
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const show = (param: MouseEventParams<Time> | undefined) => {
      const bar = param?.time !== undefined ? param.seriesData.get(price.current!) : price.current?.data().at(-1);
      const vol = param?.time !== undefined ? param.seriesData.get(volume.current!) : volume.current?.data().at(-1);
      const values = indicatorSeries.current.map(({ line, series }) => {
        const point = param?.time !== undefined ? param.seriesData.get(series) : series.data().at(-1);
        const value = point && 'value' in point ? (point.value as number) : undefined;
        return { label: line.label, color: line.color, value };
      });
      const time = bar?.time;
      const o = bar && 'open' in bar ? (bar as unknown as { open: number; high: number; low: number; close: number }) : undefined;
      setLegend({
        time: typeof time === 'number' ? new Date(time * 1000).toISOString().slice(0, 16).replace('T', ' ') : '',
        ...(o ? { bar: { o: o.open, h: o.high, l: o.low, c: o.close, v: vol && 'value' in vol ? (vol.value as number) : 0 } } : {}),
        values,
      });
    };
    const onMove = frameThrottle(show);
    c.subscribeCrosshairMove(onMove);
    show(undefined);
    return () => {
      onMove.cancel();
      c.unsubscribeCrosshairMove(onMove);
    };
  }, [lines, candles]);

  return (
    <div className="chart-box" data-testid="price-chart">
      <div className="chart-legend" aria-live="off" data-testid="chart-legend">
        <span>{legend.time}</span>
        {legend.bar && (
          <>
            <span>O {formatPrice(legend.bar.o, instrument)}</span>
            <span>H {formatPrice(legend.bar.h, instrument)}</span>
            <span>L {formatPrice(legend.bar.l, instrument)}</span>
            <span>C {formatPrice(legend.bar.c, instrument)}</span>
            <span>V {formatCompact(legend.bar.v)}</span>
          </>
        )}
        {legend.values.map((v) => (
          <span key={v.label} style={{ color: v.color }}>
            {v.label} {v.value === undefined ? '—' : formatNumber(v.value, Math.abs(v.value) >= 1000 ? 0 : 2)}
          </span>
        ))}
      </div>
      <div ref={box} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
