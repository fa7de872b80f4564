import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { kioskKeys } from "./list-kiosks";

/** DELETE /api/kiosks/{id} — switches the kiosk off: its next scan is refused. */
export function revokeKiosk(kioskId: string): Promise<void> {
  return apiClient.request<void>(`/api/kiosks/${encodeURIComponent(kioskId)}`, { method: "DELETE" });
}

export function useRevokeKiosk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeKiosk,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kioskKeys.all }),
  });
}
