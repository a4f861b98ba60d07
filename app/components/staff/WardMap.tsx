/** The tip's ward among the wards around it, as inline SVG (nothing fetched), with the reported point if any. */
import type { MapLabel, WardMapGeometry } from "./ward-map";

function Label({ label, className }: { label: MapLabel | null; className: string }) {
  if (!label) return null;
  return <text x={label.x} y={label.y} className={className} textAnchor="middle" dominantBaseline="central">{label.text}</text>;
}

export function WardMap({ map, label }: { map: WardMapGeometry; label: string }) {
  return (
    <svg className="ward-map" viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-label={label}>
      {map.around.map((w) => <path key={w.code} d={w.path} className="ward-around" fillRule="evenodd" />)}
      <path d={map.ward.path} className="ward-shape" fillRule="evenodd" />
      {map.around.map((w) => <Label key={w.code} label={w.label} className="ward-map-label" />)}
      <Label label={map.ward.label} className="ward-map-label focus" />
      {map.point && (
        <>
          <circle cx={map.point.x} cy={map.point.y} r={7} className="ward-point-halo" />
          <circle cx={map.point.x} cy={map.point.y} r={4} className="ward-point" />
        </>
      )}
    </svg>
  );
}
