import { useTranslation } from "react-i18next";
import { i18n } from "../lib/i18n";

/** What a domain calls its participants, groups and sessions (SPEC §2), as GET /api/domains gives it. */
export interface Terminology {
  participant: string;
  participants: string;
  group: string;
  groups: string;
  session: string;
  sessions: string;
}

/** The words when no single domain applies (an organization with several, or none loaded yet). */
export function useGenericTerms(): Terminology {
  const { t } = useTranslation();
  return {
    participant: t("terms.participant"),
    participants: t("terms.participants"),
    group: t("terms.group"),
    groups: t("terms.groups"),
    session: t("terms.session"),
    sessions: t("terms.sessions"),
  };
}

/** A term inside a sentence ("Add a student"), in the interface language's lower case. */
export function lower(term: string): string {
  return term.toLocaleLowerCase(i18n.language);
}
