import { useTranslation } from "react-i18next";

/**
 * What is and is not recorded, in the home page's words (one source for both pages):
 * a two-line summary on the form, the whole of it one tap away. A <details> element,
 * so it opens without JavaScript and a screen reader announces it as expandable.
 */
export function SafetyNote() {
  const { t } = useTranslation("intake");
  return (
    <section className="card soft safety-note" aria-labelledby="safety-note">
      <h2 id="safety-note">{t("safety.title")}</h2>
      <p>{t("safety.summary")}</p>
      <details>
        <summary>{t("safety.more")}</summary>
        <ul>
          <li>{t("home.anonymityNotRecorded", { ns: "common" })}</li>
          <li>{t("home.anonymityRecorded", { ns: "common" })}</li>
          <li>{t("home.anonymityIdentity", { ns: "common" })}</li>
          <li>{t("home.anonymityReceipt", { ns: "common" })}</li>
        </ul>
      </details>
    </section>
  );
}
