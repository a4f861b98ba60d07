import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The state of an admin list row and the button that retires or restores it (posts intent + code). */
export function ActiveToggle({ code, active, busy }: { code: string; active: boolean; busy: boolean }) {
  const { t } = useTranslation("admin");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={active ? "deactivate" : "activate"} />
      <input type="hidden" name="code" value={code} />
      {active ? <span className="badge ok">{t("users.active")}</span> : <span className="badge">{t("orgs.inactive")}</span>}{" "}
      <button type="submit" className="link-button" disabled={busy}>{active ? t("orgs.deactivate") : t("orgs.activate")}</button>
    </Form>
  );
}
