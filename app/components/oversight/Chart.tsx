/**
 * A chart drawn on the server (app/components/oversight/charts.ts): an accessible SVG image with
 * a title and a description, and the same figures as a table for screen
 * readers, printing and anyone who prefers numbers. No script, no inline style.
 */
import { useTranslation } from "react-i18next";
import type { ChartView } from "~/utils/oversight-view.server";

export function Chart({ chart }: { chart: ChartView }) {
  const { t } = useTranslation("oversight");
  const g = chart.geometry;
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  return (
    <figure className="chart" aria-labelledby={`${chart.id}-caption`}>
      <figcaption id={`${chart.id}-caption`} className="chart-caption">{chart.title}</figcaption>
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="chart-svg" focusable="false">
        <title id={titleId}>{chart.title}</title>
        <desc id={descId}>{chart.description}</desc>
        {g.lines.map((l, i) => <line key={`l${i}`} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} className={l.className} />)}
        {g.rects.map((r, i) => <rect key={`r${i}`} x={r.x} y={r.y} width={r.width} height={r.height} className={r.className} />)}
        {g.paths.map((p, i) => <path key={`p${i}`} d={p.d} className={p.className} />)}
        {g.circles.map((c, i) => <circle key={`c${i}`} cx={c.cx} cy={c.cy} r={c.r} className={c.className} />)}
        {g.texts.map((x, i) => <text key={`t${i}`} x={x.x} y={x.y} textAnchor={x.anchor} className={x.className}>{x.text}</text>)}
      </svg>
      {chart.legend && (
        <p className="chart-legend">
          <span><span className="swatch swatch-tips" aria-hidden="true" /> {t("charts.legendTips")}</span>
          <span><span className="swatch swatch-valuable" aria-hidden="true" /> {t("charts.legendValuable")}</span>
        </p>
      )}
      <details className="chart-data">
        <summary>{t("charts.tableToggle")}</summary>
        <div className="table-wrap figures-wrap">
          <table>
            <caption className="visually-hidden">{chart.title}</caption>
            <thead>
              <tr>{chart.table.columns.map((c, i) => <th key={c} scope="col" className={i > 0 ? "num" : undefined}>{c}</th>)}</tr>
            </thead>
            <tbody>
              {chart.table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i} className="num">{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
