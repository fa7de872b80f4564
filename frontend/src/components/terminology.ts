import { useTranslation } from "react-i18next";
import { i18n } from "@/lib/i18n";

/** What a domain calls its participants, groups and sessions: the words an administrator writes. */
export interface NamingTerms {
  participant: string;
  participants: string;
  group: string;
  groups: string;
  session: string;
  sessions: string;
}

/**
 * A domain's words (SPEC §2), as GET /api/domains gives them: its names, and its verbs for arriving
 * and leaving ("Check in" at a hotel, "Clock in" at work, "Sign in" at a club).
 */
export interface Terminology extends NamingTerms {
  check_in: string;
  check_out: string;
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
    check_in: t("terms.checkIn"),
    check_out: t("terms.checkOut"),
  };
}

/** A domain's words, the generic ones standing in for any it does not give (an older server's). */
export function withGenericTerms(terms: Partial<Terminology> | undefined, generic: Terminology): Terminology {
  if (!terms) return generic;
  return terms.check_in && terms.check_out ? (terms as Terminology) : { ...generic, ...terms };
}

/** A term inside a sentence ("Add a student"), in the interface language's lower case. */
export function lower(term: string): string {
  return term.toLocaleLowerCase(i18n.language);
}
