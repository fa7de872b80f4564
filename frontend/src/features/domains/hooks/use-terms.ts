import { useGenericTerms, withGenericTerms, type Terminology } from "@/components/terminology";
import { useDomains, type Domain } from "@/features/domains/api/list-domains";

/**
 * The words for the organization as a whole: its one domain's ("Students", "Classes", "Lessons"),
 * or the generic ones when it has several domains (or they have not loaded yet).
 */
export function organizationTerms(domains: readonly Domain[] | undefined, generic: Terminology): Terminology {
  return domains?.length === 1 ? withGenericTerms(domains[0]!.terminology, generic) : generic;
}

export function useOrganizationTerms({ enabled = true }: { enabled?: boolean } = {}): Terminology {
  const generic = useGenericTerms();
  const domains = useDomains({ enabled });
  return organizationTerms(domains.data, generic);
}

/** The words of one domain (a group's), the generic ones until it is known. */
export function useDomainTerms(code: string | undefined): Terminology {
  const generic = useGenericTerms();
  const domains = useDomains();
  return withGenericTerms(domains.data?.find((domain) => domain.code === code)?.terminology, generic);
}
