/**
 * The ward map section of the dashboard and the report
 * (app/utils/ward-map-page.server.ts): a heading, the figure chooser (plain
 * links, so it works without JavaScript; the current one marked for screen
 * readers), the map and its table. `level` is the heading's level on the page.
 */
import type { WardMapSectionData } from "~/utils/ward-map-page.server";
import { WardChoropleth } from "./WardChoropleth";
import { WardFigureTable } from "./WardFigureTable";

export function WardMapSection({ section, level = 2 }: { section: WardMapSectionData; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="ward-map-title" id="ward-map" className="ward-map-section">
      <Heading id="ward-map-title">{section.heading}</Heading>
      <nav className="ward-map-chooser no-print" aria-label={section.chooser.label}>
        <span className="ward-map-chooser-label" aria-hidden="true">{section.chooser.label}:</span>
        <ul>
          {section.chooser.choices.map((choice) => (
            <li key={choice.figure}>
              <a href={choice.href} aria-current={choice.current ? "true" : undefined} className={choice.current ? "current" : undefined}>{choice.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      {section.map ? (
        <>
          <WardChoropleth map={section.map} />
          <p className="hint">{section.note}</p>
          <details className="chart-data">
            <summary>{section.map.table.toggle}</summary>
            <WardFigureTable map={section.map} />
          </details>
        </>
      ) : (
        <p className="empty">{section.empty}</p>
      )}
    </section>
  );
}
