/**
 * The ward map (app/utils/ward-map-view.server.ts): an SVG drawn on the server
 * in which every ward is a link to its tips (its outline drawn from the province's outlines file), named in its <title> (shown on
 * hover, read on focus), reachable with Tab in the order of their names. The
 * legend sits under it as a list. Colours are presentation attributes (the CSP
 * allows no inline style); focus and print styles live in app.css. The same
 * figures as a table: WardFigureTable. Only types come from the domain module,
 * so d3-geo stays on the server.
 */
import type { WardMapView } from "~/utils/ward-map-view.server";
import { outlineId } from "./ward-outline-id";

export function WardChoropleth({ map }: { map: WardMapView }) {
  const g = map.geometry;
  const shapes = new Map(g.wards.map((w) => [w.code, w]));
  const captionId = `${map.id}-caption`;
  const descId = `${map.id}-desc`;
  return (
    <figure className="choropleth" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-caption">{map.title}</figcaption>
      <p id={descId} className="choropleth-hint">{map.description}</p>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${g.width} ${g.height}`} className="choropleth-svg" role="group" aria-labelledby={captionId} aria-describedby={descId}>
        {map.wards.map((ward) => {
          const shape = shapes.get(ward.code);
          if (!shape) return null;
          return (
            <a key={ward.code} href={ward.href} className="choropleth-ward">
              <title>{`${ward.name}: ${ward.value}`}</title>
              {/* The outline comes from the province's outlines file, sent once and kept (0083); fill and stroke pass into it. */}
              <use href={`${g.outlines}#${outlineId(ward.code)}`} fill={shape.fill} stroke="#56636d" strokeWidth={0.5} strokeLinejoin="round" />
            </a>
          );
        })}
        {g.inset && (
          <rect x={g.inset.x} y={g.inset.y} width={g.inset.width} height={g.inset.height} fill="none" stroke="#56636d" strokeWidth={1} strokeDasharray="4 3" aria-hidden="true" />
        )}
        <g aria-hidden="true" className="choropleth-labels">
          {g.labels.map((label) => (
            <text key={label.code} x={label.x} y={label.y} textAnchor="middle" fontSize={g.labelSize} fontWeight={600} fill="#14212b" stroke="#ffffff" strokeWidth={3} strokeLinejoin="round" paintOrder="stroke">
              {label.text}
            </text>
          ))}
        </g>
      </svg>
      <div className="choropleth-legend">
        <p className="choropleth-legend-title">{map.legend.title}</p>
        <ul>
          {map.legend.items.map((item) => (
            <li key={item.label}>
              <svg width="18" height="14" aria-hidden="true" focusable="false"><rect width="18" height="14" fill={item.fill} stroke="#56636d" strokeWidth={1} /></svg>
              {item.label}
            </li>
          ))}
        </ul>
        {map.insetLabel && <p className="choropleth-note">{map.insetLabel}</p>}
      </div>
    </figure>
  );
}
