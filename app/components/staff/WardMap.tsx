/** The resolved ward as an inline SVG (no tiles, nothing fetched), with the reported point if any. */
import type { WardMapGeometry } from "./ward-map";

export function WardMap({ map, label }: { map: WardMapGeometry; label: string }) {
  return (
    <svg className="ward-map" viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-label={label}>
      <path d={map.path} className="ward-shape" fillRule="evenodd" />
      {map.point && (
        <>
          <circle cx={map.point.x} cy={map.point.y} r={7} className="ward-point-halo" />
          <circle cx={map.point.x} cy={map.point.y} r={4} className="ward-point" />
        </>
      )}
    </svg>
  );
}
