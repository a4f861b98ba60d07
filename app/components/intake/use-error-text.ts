import { useTranslation } from "react-i18next";

/** Error keys from the shared schemas ("description.tooShort") → sentences in the page's language. */
export function useErrorText(params: Record<string, unknown> = {}) {
  const { t } = useTranslation("intake");
  return (keys: string[] | undefined): string[] | undefined => keys?.map((key) => t(`errors.${key}`, params) as string);
}
