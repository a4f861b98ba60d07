/** Where it happened: what the tipster gave, the ward found and how, and the ward drawn among its neighbours. */
import { useTranslation } from "react-i18next";
import { WardMap } from "~/components/staff/WardMap";
import type { TipPageData } from "./intents";

export function Place({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  const tip = data.tip;
  const place = data.place;
  const given =
    tip.locationKind === "ward" ? t("place.givenWard", { ward: tip.locationWardCode ? data.unitNames[tip.locationWardCode] ?? tip.locationWardCode : "" })
    : tip.locationKind === "address" ? t("place.givenAddress", { address: tip.locationAddress ?? "" })
    : tip.locationKind === "point" ? t("place.givenPoint", { lat: tip.locationLat?.toFixed(5), lng: tip.locationLng?.toFixed(5) })
    : t("place.givenNone");
  const neighbours = place.neighbours.join(", ");
  return (
    <section aria-labelledby="place-title" className="card">
      <h2 id="place-title">{t("place.title")}</h2>
      <div className="place">
        <div>
          <p>{given}</p>
          <dl className="facts">
            <dt>{t("place.resolved")}</dt><dd>{place.wardName ?? t("place.unresolved")}</dd>
            <dt>{t("place.method")}</dt><dd>{t(`place.methods.${tip.resolveMethod ?? "none"}`, { defaultValue: tip.resolveMethod ?? "" })}</dd>
            <dt>{t("place.confidence")}</dt><dd>{tip.resolveConfidence === null ? "—" : `${Math.round(tip.resolveConfidence * 100)}%`}</dd>
          </dl>
          {place.candidates.length > 1 && (
            <>
              <p>{t("place.candidates")}</p>
              <ul>{place.candidates.map((c) => <li key={c.code}>{c.name}</li>)}</ul>
            </>
          )}
        </div>
        {place.map && (
          <figure className="ward-figure">
            <WardMap map={place.map} label={t("place.mapLabel", { ward: place.wardName ?? "" })} />
            <figcaption>
              {t("place.mapCaption", { ward: place.wardName ?? "" })} {place.map.point ? t("place.mapPoint") : t("place.mapNoPoint")}
              {neighbours && <><br />{t("place.neighbours", { names: neighbours })}</>}
            </figcaption>
          </figure>
        )}
      </div>
    </section>
  );
}
