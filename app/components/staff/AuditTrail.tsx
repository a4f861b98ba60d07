/** A tip's audit trail in words (vi/en). Unknown event types are shown by their code, never hidden. */
import { useTranslation } from "react-i18next";
import { formatDateTime } from "./format";

export interface TrailEvent {
  id: number;
  at: string;
  actorKind: string;
  actorName: string | null;
  type: string;
  data: Record<string, unknown>;
}

const KNOWN = new Set([
  "received", "routed", "clustered", "copied", "claimed", "valuable_marked", "rerouted", "cluster_merged", "cluster_joined",
  "cluster_split", "case_linked", "case_unlinked", "closed", "question_sent", "identity_viewed", "deadline_extended",
  "content_purged", "tipster_replied", "tipster_added_info", "status_changed",
]);

export function AuditTrail({ events, unitNames }: { events: TrailEvent[]; unitNames: Record<string, string> }) {
  const { t, i18n } = useTranslation("staff");
  const unit = (code: unknown) => (typeof code === "string" ? unitNames[code] ?? code : t("events.noUnit"));
  const text = (e: TrailEvent) => {
    const d = e.data;
    if (!KNOWN.has(e.type)) return t("events.other", { type: e.type });
    const values: Record<string, unknown> = { ...d };
    switch (e.type) {
      case "received":
        values.channel = t(`channel.${String(d.channel)}`, { defaultValue: String(d.channel ?? "") });
        break;
      case "routed":
      case "copied":
        values.unit = unit(d.unitCode);
        break;
      case "rerouted":
        values.from = unit(d.fromUnit);
        values.to = unit(d.toUnit);
        break;
      case "valuable_marked":
        values.value = d.valuable ? t("valuable.yes") : t("valuable.no");
        break;
      case "clustered":
        values.score = typeof d.score === "number" ? Math.round(d.score * 100) : "?";
        break;
      case "status_changed":
        values.to = t(`status.${String(d.to)}`, { defaultValue: String(d.to ?? "") });
        break;
    }
    return t(`events.${e.type}`, values);
  };
  return (
    <ol className="trail">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>{" "}
          <span className="trail-actor">{e.actorName ?? t(`actor.${e.actorKind}`, { defaultValue: e.actorKind })}</span>
          {": "}
          {text(e)}
          {e.type === "routed" && typeof e.data.reason === "string" && <span className="hint"> ({e.data.reason})</span>}
        </li>
      ))}
    </ol>
  );
}
