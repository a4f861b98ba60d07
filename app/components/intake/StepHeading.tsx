import { useTranslation } from "react-i18next";

/** "Bước 2/6 · Việc gì đã xảy ra": the single page reads as a sequence of short steps. */
export function StepHeading({ id, step, total, title }: { id: string; step: number; total: number; title: string }) {
  const { t } = useTranslation("intake");
  return (
    <h2 id={id} className="step-heading">
      <span className="step-no">{t("form.step", { step, total })}</span>
      <span>{title}</span>
    </h2>
  );
}
