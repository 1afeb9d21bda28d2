// Events over time for the current query; dragging across the bars zooms to that period.
import { useMemo } from 'react';
import { baseOption, Chart, chartColors } from '../../components/Chart.js';
import { formatTime } from '../../lib/time.js';
import type { HistogramResult } from './types.js';

export function Histogram({ data, onZoom }: { data: HistogramResult | undefined; onZoom: (from: number, to: number) => void }) {
  const option = useMemo(() => {
    const colors = chartColors();
    const base = baseOption();
    const points = (data?.buckets ?? []).map((b) => [Date.parse(b.time), b.count]);
    return {
      ...base,
      grid: { left: 44, right: 12, top: 10, bottom: 22 },
      xAxis: { ...(base.xAxis as object), type: 'time' },
      yAxis: { ...(base.yAxis as object), type: 'value' },
      tooltip: {
        ...(base.tooltip as object),
        formatter: (params: { value: [number, number] }[]) => `${formatTime(params[0]!.value[0])}<br/><b>${params[0]!.value[1]}</b> events`,
      },
      series: [{ type: 'bar', data: points, itemStyle: { color: colors.accent }, barMaxWidth: 24, barMinWidth: 1 }],
    };
  }, [data]);
  return (
    <Chart ariaLabel="Events over time (drag to zoom)" option={option} height={150}
      onBrush={([from, to]) => {
        // Below a second is a click that moved, not a selection.
        if (to - from >= 1000) onZoom(from, to);
      }} />
  );
}
