/**
 * The tips that name one identifier (db/queries/tip-entities.ts), as the tip page's
 * linked-tips box and the search by identifier show them: those in the reader's
 * scope listed (link, received date in Vietnam time, ward, type, status — nothing
 * about the tipster), those outside it only counted.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { displayEntity, type Entity } from "../../../domain/entities";
import { formatDateTime, StatusBadge, useCategoryLabel, type CategoryLabels } from "./format";

export interface EntityMatchesData {
  entity: Entity;
  visible: Array<{ id: number; category: string; wardName: string | null; wardCode: string | null; createdAt: string; status: string }>;
  visibleCount: number;
  hidden: number;
}

/** Where the search by identifier lists every tip of the reader's scope that names `entity`. */
export function entitySearchPath(entity: Entity): string {
  return `/can-bo/tim-kiem?${new URLSearchParams({ loai: entity.kind, "gia-tri": entity.value })}`;
}

/** "Số tài khoản 0123456789" — the kind in words and the value in its display form. */
export function useEntityName() {
  const { t } = useTranslation("staff");
  return (entity: Entity) => {
    const kind = t(`entityKinds.${entity.kind}`);
    return `${kind.charAt(0).toLocaleUpperCase("vi")}${kind.slice(1)} ${displayEntity(entity)}`;
  };
}

export function EntityMatches({ match, labels, sentence, listed }: {
  match: EntityMatchesData;
  labels: CategoryLabels;
  /** The heading's words: "… also appears in N other tips" (tip page) or "N tips" (search). */
  sentence: "others" | "found";
  /** On the search page, how many it lists at most (the rest is said, not linked: there is nowhere further to go). */
  listed?: number;
}) {
  const { t, i18n } = useTranslation("staff");
  const category = useCategoryLabel(labels);
  const name = useEntityName()(match.entity);
  const total = match.visibleCount + match.hidden;
  const more = match.visibleCount - match.visible.length;
  return (
    <div className="entity-matches">
      <h3>{t(`linked.${sentence}`, { name, count: total })}</h3>
      {match.visible.length > 0 && (
        <ul className="linked-tips">
          {match.visible.map((tip) => (
            <li key={tip.id}>
              <Link to={`/can-bo/tin/${tip.id}`}>{t("queue.tipNumber", { id: tip.id })}</Link>
              {" · "}{formatDateTime(tip.createdAt, i18n.language)}
              {tip.wardName ? ` · ${tip.wardName}` : ""}
              {" · "}{category(tip.category)}
              {" · "}<StatusBadge status={tip.status} />
            </li>
          ))}
        </ul>
      )}
      {match.hidden > 0 && (
        <p className="hint">{t(match.visibleCount > 0 ? "linked.hiddenToo" : "linked.hiddenOnly", { count: match.hidden })}</p>
      )}
      {more > 0 && (listed
        ? <p className="hint">{t("linked.newestOnly", { count: listed, total: match.visibleCount })}</p>
        : <p><Link to={entitySearchPath(match.entity)}>{t("linked.more", { count: match.visibleCount })}</Link></p>)}
    </div>
  );
}
