import type { Terminology } from "@/components/terminology";

/** A presence state as the roster needs it (the app hands these over from GET /api/domains). */
export interface RosterState {
  code: string;
  label: string;
  color: string;
  sort_order: number;
  /** Roles that may record it; null: every role that records. */
  roles: string[] | null;
  is_default: boolean;
  retired: boolean;
  domain: string;
  /** present, late, absent, excused or other (SPEC §2). */
  category?: string;
}

export interface RosterDomain {
  code: string;
  terminology: Terminology;
  /** In use, in display order. */
  states: RosterState[];
}
