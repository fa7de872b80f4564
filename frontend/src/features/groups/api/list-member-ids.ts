import { useQuery } from "@tanstack/react-query";
import { listMembers } from "./list-members";

/** Every current member's participant id, page after page (a group rarely has more than one page). */
export async function currentMemberIds(groupId: string, { signal }: { signal?: AbortSignal } = {}): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await listMembers(groupId, false, cursor, { signal });
    for (const member of page.items) ids.add(member.participant.id);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return ids;
}

/**
 * GET /api/groups/{id}/members (every page) — who is in the group now, so that the member picker
 * never offers them again. Kept under the members' key: adding or removing someone refreshes it.
 */
export function useCurrentMemberIds(groupId: string) {
  return useQuery({
    queryKey: ["groups", "members", groupId, "ids"],
    queryFn: ({ signal }) => currentMemberIds(groupId, { signal }),
  });
}
