import { useTranslation } from "react-i18next";
import { RowAction } from "./RowAction";

/** The state of an admin list row and the button that retires or restores it (posts intent + code). */
export function ActiveToggle({ code, active, busy }: { code: string; active: boolean; busy: boolean }) {
  const { t } = useTranslation("admin");
  return (
    <RowAction intent={active ? "deactivate" : "activate"} fields={{ code }} text={active ? t("orgs.deactivate") : t("orgs.activate")} busy={busy}>
      {active ? <span className="badge ok">{t("users.active")}</span> : <span className="badge">{t("orgs.inactive")}</span>}{" "}
    </RowAction>
  );
}
