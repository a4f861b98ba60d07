/**
 * Charts as plain SVG geometry, computed on the server with d3-scale and
 * d3-shape and drawn by one small component (app/components/oversight/Chart.tsx).
 * Nothing runs in the browser and nothing is styled inline (the CSP forbids
 * it): shapes carry class names, colours live in app.css.
 *
 * The view box is phone-sized (360 units wide) so labels stay legible when the
 * chart is scaled down to a 360 px screen; larger screens scale it up.
 * Callers pass labels already formatted in the page's language.
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";

export interface ChartRect { x: number; y: number; width: number; height: number; className: string }
export interface ChartLine { x1: number; y1: number; x2: number; y2: number; className: string }
export interface ChartPath { d: string; className: string }
export interface ChartCircle { cx: number; cy: number; r: number; className: string }
export interface ChartText { x: number; y: number; text: string; anchor: "start" | "middle" | "end"; className: string }

export interface ChartGeometry {
  width: number;
  height: number;
  rects: ChartRect[];
  lines: ChartLine[];
  paths: ChartPath[];
  circles: ChartCircle[];
  texts: ChartText[];
}

export const CHART_WIDTH = 360;
const MARGIN = { top: 14, right: 10, bottom: 32, left: 48 };
const round = (v: number) => Math.round(v * 10) / 10;

function emptyGeometry(height: number): ChartGeometry {
  return { width: CHART_WIDTH, height, rects: [], lines: [], paths: [], circles: [], texts: [] };
}

/** At most `max` x labels: every k-th. */
function labelEvery(count: number, max: number): (i: number) => boolean {
  const step = Math.max(1, Math.ceil(count / max));
  return (i) => i % step === 0;
}

function yAxis(geometry: ChartGeometry, y: (v: number) => number, ticks: number[], format: (v: number) => string): void {
  for (const tick of ticks) {
    const ty = round(y(tick));
    geometry.lines.push({ x1: MARGIN.left, y1: ty, x2: CHART_WIDTH - MARGIN.right, y2: ty, className: "chart-gridline" });
    geometry.texts.push({ x: MARGIN.left - 6, y: ty + 4, text: format(tick), anchor: "end", className: "chart-tick" });
  }
}

export interface VolumePoint {
  label: string;
  tips: number;
  valuable: number;
}

/** Tips per week or month as bars, the valuable ones as a darker bar inside each. */
export function volumeChart(points: VolumePoint[], format: (v: number) => string, height = 230): ChartGeometry {
  const geometry = emptyGeometry(height);
  const max = Math.max(1, ...points.map((p) => p.tips));
  const y = scaleLinear().domain([0, max]).nice(4).range([height - MARGIN.bottom, MARGIN.top]);
  const x = scaleBand<number>().domain(points.map((_, i) => i)).range([MARGIN.left, CHART_WIDTH - MARGIN.right]).paddingInner(0.25).paddingOuter(0.1);
  yAxis(geometry, y, y.ticks(4).filter(Number.isInteger), format);
  const showLabel = labelEvery(points.length, 6);
  points.forEach((p, i) => {
    const left = x(i)!;
    const width = x.bandwidth();
    const bar = (value: number, inset: number, className: string) => {
      const top = y(value);
      geometry.rects.push({ x: round(left + inset), y: round(top), width: round(width - 2 * inset), height: round(y(0) - top), className });
    };
    bar(p.tips, 0, "chart-bar-tips");
    if (p.valuable > 0) bar(p.valuable, width * 0.2, "chart-bar-valuable");
    if (showLabel(i)) geometry.texts.push({ x: round(left + width / 2), y: height - MARGIN.bottom + 19, text: p.label, anchor: "middle", className: "chart-tick" });
  });
  geometry.lines.push({ x1: MARGIN.left, y1: round(y(0)), x2: CHART_WIDTH - MARGIN.right, y2: round(y(0)), className: "chart-axis" });
  return geometry;
}

export interface RatioPoint {
  label: string;
  /** 0..1, or null where nothing was received. */
  value: number | null;
}

/** The valuable-tip ratio over time as a line; gaps where no tip was received. */
export function ratioChart(points: RatioPoint[], formatPercent: (v: number) => string, height = 210): ChartGeometry {
  const geometry = emptyGeometry(height);
  const values = points.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.min(1, Math.max(0.1, ...values));
  const y = scaleLinear().domain([0, max]).nice(4).range([height - MARGIN.bottom, MARGIN.top]);
  const x = scalePoint<number>().domain(points.map((_, i) => i)).range([MARGIN.left, CHART_WIDTH - MARGIN.right]).padding(0.5);
  yAxis(geometry, y, y.ticks(4), formatPercent);
  const path = line<RatioPoint & { i: number }>()
    .defined((p) => p.value !== null)
    .x((p) => round(x(p.i)!))
    .y((p) => round(y(p.value ?? 0)))(points.map((p, i) => ({ ...p, i })));
  if (path) geometry.paths.push({ d: path, className: "chart-line" });
  const showLabel = labelEvery(points.length, 6);
  points.forEach((p, i) => {
    if (p.value !== null) geometry.circles.push({ cx: round(x(i)!), cy: round(y(p.value)), r: 3.5, className: "chart-point" });
    if (showLabel(i)) geometry.texts.push({ x: round(x(i)!), y: height - MARGIN.bottom + 19, text: p.label, anchor: "middle", className: "chart-tick" });
  });
  geometry.lines.push({ x1: MARGIN.left, y1: round(y(0)), x2: CHART_WIDTH - MARGIN.right, y2: round(y(0)), className: "chart-axis" });
  return geometry;
}

export interface CategoryRow {
  label: string;
  tips: number;
  valuable: number;
  /** Figures written at the end of the row, e.g. "45/120 · 12 vụ". */
  note: string;
}

/** Rough width of a text in view-box units (Be Vietnam Pro averages just over half an em per character). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.56;
}

/**
 * One row per category: its name, a bar of tips with the valuable share darker,
 * and its figures — beside the name when both fit the width, else under the bar.
 */
export function categoryChart(rows: CategoryRow[]): ChartGeometry {
  const max = Math.max(1, ...rows.map((r) => r.tips));
  const x = scaleLinear().domain([0, max]).range([0, CHART_WIDTH - 8]);
  const geometry = emptyGeometry(0);
  let top = 4;
  for (const r of rows) {
    const sideBySide = textWidth(r.label, 14) + textWidth(r.note, 13) + 16 <= CHART_WIDTH - 8;
    geometry.texts.push({ x: 4, y: top + 15, text: r.label, anchor: "start", className: "chart-label" });
    geometry.rects.push({ x: 4, y: top + 22, width: round(Math.max(1, x(r.tips))), height: 13, className: "chart-bar-tips" });
    if (r.valuable > 0) geometry.rects.push({ x: 4, y: top + 22, width: round(Math.max(1, x(r.valuable))), height: 13, className: "chart-bar-valuable" });
    if (sideBySide) {
      geometry.texts.push({ x: CHART_WIDTH - 4, y: top + 15, text: r.note, anchor: "end", className: "chart-tick" });
      top += 42;
    } else {
      geometry.texts.push({ x: CHART_WIDTH - 4, y: top + 51, text: r.note, anchor: "end", className: "chart-tick" });
      top += 60;
    }
  }
  geometry.height = Math.max(top + 4, 12);
  return geometry;
}
