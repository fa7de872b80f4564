import type { Terminology } from "@/components/terminology";

/** A school's words, as the education domain names things, for screens rendered in unit tests. */
export const schoolTerms: Terminology = {
  participant: "Student",
  participants: "Students",
  group: "Class",
  groups: "Classes",
  session: "Lesson",
  sessions: "Lessons",
  check_in: "Sign in",
  check_out: "Sign out",
};
