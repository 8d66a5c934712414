import { svg } from "../dom.js";
import { formatClock, t } from "../i18n.js";

/**
 * The last hour per minute: bars of uploads received (wide, light) and processed (narrow, dark), failures as red
 * ticks, and the p95 complete → processed latency as a line on its own scale (seconds, right axis).
 */
export function renderChart(minutes) {
  const width = 720, height = 200, left = 34, right = 40, top = 10, bottom = 22;
  const plotW = width - left - right, plotH = height - top - bottom;
  const maxCount = Math.max(1, ...minutes.map((m) => Math.max(m.received, m.processed, m.failed)));
  const p95s = minutes.map((m) => (m.p95Ms == null ? null : m.p95Ms / 1000));
  const maxP95 = Math.max(1, ...p95s.filter((v) => v != null));
  const step = plotW / Math.max(1, minutes.length);
  const y = (v) => top + plotH - (v / maxCount) * plotH;
  const y2 = (v) => top + plotH - (v / maxP95) * plotH;

  const bars = minutes.flatMap((m, i) => {
    const x = left + i * step;
    return [
      m.received && svg("rect", { class: "received", x: x + step * 0.1, y: y(m.received), width: step * 0.8, height: top + plotH - y(m.received) }),
      m.processed && svg("rect", { class: "processed", x: x + step * 0.3, y: y(m.processed), width: step * 0.4, height: top + plotH - y(m.processed) }),
      m.failed && svg("rect", { class: "failed", x: x + step * 0.1, y: y(m.failed) - 2, width: step * 0.8, height: 3 }),
    ];
  });
  const points = p95s.map((v, i) => (v == null ? null : `${left + (i + 0.5) * step},${y2(v)}`)).filter(Boolean);
  const tick = (i) => minutes[i] && svg("text", { x: left + i * step, y: height - 6 }, formatClock(minutes[i].minute));

  return svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("ops.chart"), "data-testid": "chart" },
    svg("line", { x1: left, y1: top + plotH, x2: left + plotW, y2: top + plotH, stroke: "#ccd3da" }),
    svg("text", { x: 4, y: top + 8 }, String(maxCount)),
    svg("text", { x: 4, y: top + plotH }, "0"),
    svg("text", { x: left + plotW + 4, y: top + 8 }, `${maxP95.toFixed(1)} s`),
    bars,
    points.length > 1 && svg("polyline", { class: "p95", points: points.join(" ") }),
    points.length === 1 && svg("circle", { class: "p95", cx: points[0].split(",")[0], cy: points[0].split(",")[1], r: 3 }),
    tick(0), tick(Math.floor(minutes.length / 2)), tick(minutes.length - 1));
}
