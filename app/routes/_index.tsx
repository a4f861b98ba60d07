import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "Tin Báo" }];

export default function Home() {
  const { t } = useTranslation();
  const steps = t("home.steps", { returnObjects: true }) as string[];
  const tips = t("home.tips", { returnObjects: true }) as string[];
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t("home.title")}</h1>
      <p>{t("home.lead")}</p>
      <div className="button-row">
        <Link to="/bao-tin" className="button">{t("home.ctaReport")}</Link>
        <Link to="/theo-doi" className="button secondary">{t("home.ctaFollowUp")}</Link>
      </div>

      <h2>{t("home.stepsTitle")}</h2>
      <ol className="steps">
        {steps.map((step) => <li key={step}>{step}</li>)}
      </ol>

      <section className="card soft" aria-labelledby="anonymity">
        <h2 id="anonymity">{t("home.anonymityTitle")}</h2>
        <ul>
          <li>{t("home.anonymityNotRecorded")}</li>
          <li>{t("home.anonymityRecorded")}</li>
          <li>{t("home.anonymityIdentity")}</li>
          <li>{t("home.anonymityReceipt")}</li>
        </ul>
      </section>

      <h2>{t("home.tipsTitle")}</h2>
      <ul>
        {tips.map((tip) => <li key={tip}>{tip}</li>)}
      </ul>
    </main>
  );
}
