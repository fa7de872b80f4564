import { useQuery } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** The signed-in user, with whether two-factor is on. */
export type Me = Schema<"UserOut">;

export function getMe({ signal }: { signal?: AbortSignal } = {}): Promise<Me> {
  return apiClient.request<Me>("/api/auth/me", { signal });
}

/** GET /api/auth/me — the signed-in user, with whether two-factor is on. */
export function useMe() {
  return useQuery({ queryKey: ["auth", "me"], queryFn: ({ signal }) => getMe({ signal }), staleTime: 0 });
}
