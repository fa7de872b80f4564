import { useMutation } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

/** `purge_at`: when every service deletes the organization's data. */
export type ClosedOrganization = Schema<"OrganizationClosed">;

/**
 * POST /api/organizations/current/close — `confirm` is the organization's name (a wrong one is a
 * 422 naming `confirm`). Every login session ends at once, this one too.
 */
export function closeOrganization(confirm: string): Promise<ClosedOrganization> {
  return apiClient.request<ClosedOrganization>("/api/organizations/current/close", { method: "POST", body: { confirm } });
}

export function useCloseOrganization() {
  return useMutation({ mutationFn: closeOrganization });
}
