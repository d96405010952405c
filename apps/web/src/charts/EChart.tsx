import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { type ComposeOption, type EChartsType, init, use } from 'echarts/core';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { Palette } from '../lib/theme';

// Only the chart kinds the options page draws, so the bundle carries no more of ECharts than that.
use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | VisualMapComponentOption
>;

/** The theme's colours for every chart: text, grid lines and the series palette. */
export function baseOption(palette: Palette) {
  return {
    color: [...palette.series],
    textStyle: { color: palette.text },
    grid: { left: 56, right: 16, top: 32, bottom: 40 },
    tooltip: { trigger: 'axis', backgroundColor: palette.panel, borderColor: palette.border, textStyle: { color: palette.text } },
    legend: { top: 0, textStyle: { color: palette.text } },
  } satisfies ChartOption;
}

/** The theme's axis lines and labels. */
export function axis(palette: Palette) {
  return {
    axisLine: { lineStyle: { color: palette.border } },
    axisLabel: { color: palette.muted },
    splitLine: { lineStyle: { color: palette.border } },
  };
}

/** A value axis in the theme whose labels `format` writes. */
export function valueAxis(palette: Palette, format: (v: number) => string) {
  return { ...axis(palette), type: 'value' as const, axisLabel: { color: palette.muted, formatter: format } };
}

export function EChart({ option, label, testId }: { option: ChartOption; label: string; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);
  return <div ref={box} className="echart" role="img" aria-label={label} data-testid={testId} />;
}
