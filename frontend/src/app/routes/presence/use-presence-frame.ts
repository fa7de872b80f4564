import { useCallback } from "react";
import { useGenericTerms, withGenericTerms, type Terminology } from "@/components/terminology";
import { useDomains } from "@/features/domains/api/list-domains";
import { organizationTerms } from "@/features/domains/hooks/use-terms";
import { useCurrentOrganization } from "@/features/organization/api/get-current-organization";
import { useAuthSession } from "@/lib/auth-session";

/**
 * What every presence screen is handed by the app (features stay apart, CONVENTIONS 11): the
 * user's role, the organization's timezone, its domains, and the words to use — the one domain's,
 * or a group's domain's, else the generic ones.
 */
export function usePresenceFrame() {
  const role = useAuthSession((state) => state.user?.role ?? "external");
  const organization = useCurrentOrganization();
  // A participant's pages speak the domain's words too (their lessons, their states).
  const domains = useDomains();
  const generic = useGenericTerms();
  const list = domains.data;
  const termsFor = useCallback(
    (code: string | undefined): Terminology => withGenericTerms(list?.find((d) => d.code === code)?.terminology, generic),
    [list, generic],
  );
  // A state's category (present, late, absent, excused, other) in its domain: headcounts go by it.
  const categoryOf = useCallback(
    (domain: string, state: string): string | undefined => list?.find((d) => d.code === domain)?.states.find((s) => s.code === state)?.category,
    [list],
  );
  return {
    role,
    categoryOf,
    timeZone: organization.data?.timezone,
    domains: list,
    terms: organizationTerms(list, generic),
    termsFor,
  };
}
