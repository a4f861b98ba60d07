/**
 * The ward map's figures as a table (app/utils/ward-map-view.server.ts): for
 * screen readers, printing, and anyone who prefers numbers; each ward links to
 * its tips like its shape on the map. Highest figure first.
 */
import type { WardMapView } from "~/utils/ward-map-view.server";

export function WardFigureTable({ map }: { map: WardMapView }) {
  const rows = [...map.wards].sort((a, b) => (b.raw ?? -1) - (a.raw ?? -1) || a.name.localeCompare(b.name, "vi"));
  return (
    <div className="table-wrap figures-wrap">
      <table className="figures" id={`${map.id}-table`}>
        <caption>{map.table.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{map.table.wardColumn}</th>
            <th scope="col" className="num">{map.table.figureColumn}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((ward) => (
            <tr key={ward.code}>
              <th scope="row"><a href={ward.href}>{ward.name}</a></th>
              <td className="num">{ward.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
