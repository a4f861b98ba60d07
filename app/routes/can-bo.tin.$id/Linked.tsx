/**
 * Tips linked to this one by an identifier its text names (issue 13, item 3): per
 * phone, account, plate, web address or handle, the other tips in the reader's scope
 * that name it and a count of those in other units. Shown when the text names one.
 */
import { useTranslation } from "react-i18next";
import { EntityMatches } from "~/components/staff/LinkedTips";
import type { TipPageData } from "./intents";

export function Linked({ data }: { data: TipPageData }) {
  const { t } = useTranslation("staff");
  if (data.linked.length === 0) return null;
  return (
    <section aria-labelledby="linked-title" className="card">
      <h2 id="linked-title">{t("linked.title")}</h2>
      {data.linked.map((match) => (
        // Administrators (reading a duty-desk tip) have no search by identifier: they are told how many, not linked to it.
        <EntityMatches key={`${match.entity.kind}:${match.entity.value}`} match={match} labels={data.labels} sentence="others"
          listed={data.user.role === "admin" ? match.visible.length : undefined} />
      ))}
    </section>
  );
}
