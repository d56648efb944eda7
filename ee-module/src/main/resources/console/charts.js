// Line charts with uPlot (from its WebJar, inside the WAR). Each chart is an image to assistive technology, with
// its figures in the table beside it: the table is the accessible, exact view, the chart the quick one.
import {el} from './api.js';

// Distinct, dark enough to read on white (each at least 4.5:1 against #fff).
const PALETTE = ['#1d4ed8', '#b45309', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#4d7c0f', '#be185d'];

const charts = new Set();

function width(container) {
  return Math.max(260, Math.min(container.clientWidth || 600, 1200));
}

/**
 * series: [{label, values, dash}] aligned on xs (epoch seconds). The y values are plot positions only (a chart has
 * no exact money); the figures people read are the table's, from the API as it writes them.
 */
export function lineChart(container, {title, xs, series, yLabel, format}) {
  const box = el('div', {class: 'chart', role: 'img', 'aria-label': `${title} (chart; the same figures are in the table)`});
  container.append(box);
  const plot = new window.uPlot({
    title,
    width: width(container),
    height: 260,
    tzDate: ts => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {x: {time: true}},
    axes: [{stroke: '#1f2937'}, {label: yLabel, size: 72, stroke: '#1f2937', values: (u, vals) => vals.map(format)}],
    series: [{label: 'Time (UTC)'}, ...series.map((s, i) => ({
      label: s.label,
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      dash: s.dash,
      points: {show: xs.length < 60},
      value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
    }))],
  }, [xs, ...series.map(s => s.values)], box);
  const chart = {plot, container};
  charts.add(chart);
  return chart;
}

/** Charts follow the window's width (1280 wide or a narrow window alike). */
window.addEventListener('resize', () => charts.forEach(c => c.plot.setSize({width: width(c.container), height: 260})));

/** Forgets the charts of the page being left. */
export function disposeCharts() {
  charts.forEach(c => c.plot.destroy());
  charts.clear();
}
