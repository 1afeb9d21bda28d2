// An ECharts chart in a div: loads the chart code on first use, follows the container's size,
// takes its colours from the theme, and can report a dragged time range (onBrush).
import { useEffect, useRef, useState } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';

type EchartsModule = typeof import('echarts/core');
let loading: Promise<EchartsModule> | null = null;
function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('./echarts-setup.js').then((m) => m.echarts);
  return loading;
}

/** Theme colours for chart options, read from the CSS variables in use. */
export function chartColors() {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: v('--muted'), strong: v('--text-strong'), grid: v('--border'), panel: v('--panel-2'), accent: v('--accent'),
    severity: {
      critical: v('--sev-critical'), high: v('--sev-high'), medium: v('--sev-medium'), low: v('--sev-low'), informational: v('--sev-informational'),
    } as Record<string, string>,
    status: { new: v('--st-new'), acknowledged: v('--st-acknowledged'), in_progress: v('--st-in_progress'), closed: v('--st-closed') } as Record<string, string>,
  };
}

/** Axis, grid and tooltip settings shared by the console's charts. */
export function baseOption(): EChartsCoreOption {
  const c = chartColors();
  const axis = { axisLine: { lineStyle: { color: c.grid } }, axisLabel: { color: c.text, fontSize: 11 }, splitLine: { lineStyle: { color: c.grid, opacity: 0.5 } } };
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 14, bottom: 24 },
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: 'axis', backgroundColor: c.panel, borderColor: c.grid, textStyle: { color: c.strong, fontSize: 12 } },
    xAxis: { ...axis, splitLine: { show: false } },
    yAxis: { ...axis, minInterval: 1 },
  };
}

export interface ChartProps {
  option: EChartsCoreOption;
  height?: number | string;
  /** Called with [from, to] (axis values) when the user drags across the chart. */
  onBrush?: (range: [number, number]) => void;
  ariaLabel: string;
}

export function Chart({ option, height = 220, onBrush, ariaLabel }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const brushHandler = useRef(onBrush);
  brushHandler.current = onBrush;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void loadEcharts().then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
      chart.current = instance;
      instance.on('brushEnd', (params: unknown) => {
        const area = (params as { areas?: { coordRange?: [number, number] }[] }).areas?.[0];
        instance.dispatchAction({ type: 'brush', areas: [] });
        if (area?.coordRange && brushHandler.current) brushHandler.current([Math.round(area.coordRange[0]), Math.round(area.coordRange[1])]);
      });
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(element.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!ready || !instance) return;
    instance.setOption(onBrush ? { ...option, brush: { xAxisIndex: 0, brushType: 'lineX', brushMode: 'single', throttleType: 'debounce', transformable: false, brushStyle: { color: 'rgba(76,154,255,0.2)', borderColor: 'rgba(76,154,255,0.8)' } } } : option, { notMerge: true });
    if (onBrush) instance.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
  }, [ready, option, onBrush !== undefined]); // eslint-disable-line react-hooks/exhaustive-deps

  return <div ref={element} style={{ height, width: '100%' }} role="img" aria-label={ariaLabel} />;
}
