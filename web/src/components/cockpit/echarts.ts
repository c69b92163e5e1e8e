// The parts of Apache ECharts the cockpit draws with, registered once: line, bar and gauge charts,
// the grid, tooltips and target lines, on canvas. Importing echarts/core instead of echarts keeps
// the rest of the library out of the bundle.
import { BarChart, GaugeChart, LineChart } from 'echarts/charts'
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, BarChart, GaugeChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export { init, type ECharts }
