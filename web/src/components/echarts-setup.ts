// The parts of ECharts the console draws with, registered once: bar charts on a canvas,
// with grid, tooltip, legend and the brush used to drag-select a time range. Loaded lazily.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, BrushComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
