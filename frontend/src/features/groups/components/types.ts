import type { Terminology } from "@/components/terminology";

/** A domain as the group screens need it; the app hands them over from the domains feature. */
export interface GroupDomain {
  code: string;
  name: string;
  terminology: Terminology;
  states: { code: string; label: string }[];
}
