import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type FrontlineUser = Schema<"UserOut">;

export function listFrontlineUsers({ signal }: { signal?: AbortSignal } = {}): Promise<{ items: FrontlineUser[] }> {
  return apiClient.request<{ items: FrontlineUser[] }>("/api/users?role=frontline&limit=1000", { signal });
}

/** GET /api/users?role=frontline — who can be assigned to record for a group (the staff picker). */
export function useFrontlineUsers({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: ["groups", "frontline-users"],
    queryFn: ({ signal }) => listFrontlineUsers({ signal }),
    select: (data) => data.items.filter((user) => user.is_active),
    enabled,
  });
}
