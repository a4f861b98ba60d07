import { useTranslation } from "react-i18next";

/** What is and is not recorded, in the home page's words (one source for both pages). */
export function SafetyNote() {
  const { t } = useTranslation("intake");
  return (
    <section className="card soft safety-note" aria-labelledby="safety-note">
      <h2 id="safety-note">{t("safety.title")}</h2>
      <ul>
        <li>{t("home.anonymityNotRecorded", { ns: "common" })}</li>
        <li>{t("home.anonymityRecorded", { ns: "common" })}</li>
        <li>{t("home.anonymityIdentity", { ns: "common" })}</li>
      </ul>
    </section>
  );
}
