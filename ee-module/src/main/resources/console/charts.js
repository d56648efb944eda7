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
    // Dates as ISO, in UTC, whatever the browser's locale: 12-02 14:00, or 12-02 for whole days.
    axes: [{stroke: '#1f2937', values: (u, splits) => splits.map(s => {
      const t = new Date(s * 1000).toISOString();
      return t.slice(11, 16) === '00:00' ? t.slice(5, 10) : `${t.slice(5, 10)} ${t.slice(11, 16)}`;
    })}, {label: yLabel, size: 72, stroke: '#1f2937', values: (u, vals) => vals.map(format)}],
    series: [{label: 'Time (UTC)'}, ...series.map((s, i) => ({
      label: s.label,
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      dash: s.dash,
      points: {show: xs.length < 60},
      value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
    }))],
  }, [xs, ...series.map(s => s.values)], box);
  // The chart follows its box's width (1280 wide or a narrow window alike, and when a scroll bar appears).
  const resize = new ResizeObserver(() => {
    if (plot.width !== width(container)) {
      plot.setSize({width: width(container), height: 260});
    }
  });
  resize.observe(container);
  const chart = {plot, resize};
  charts.add(chart);
  return chart;
}

/** Forgets the charts of the page being left. */
export function disposeCharts() {
  charts.forEach(c => {
    c.resize.disconnect();
    c.plot.destroy();
  });
  charts.clear();
}
