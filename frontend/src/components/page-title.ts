import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Every route names itself in the tab title, so that screen reader users know where they are. */
export function usePageTitle(page: string): void {
  const { t } = useTranslation();
  const title = t("app.pageTitle", { page });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
