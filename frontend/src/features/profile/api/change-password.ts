import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Schema } from "@/lib/api/types";

export type PasswordChange = Schema<"PasswordChange">;

/** POST /api/auth/password — my other sessions end; this one stays. */
export function changePassword(input: PasswordChange): Promise<void> {
  return apiClient.request<void>("/api/auth/password", { method: "POST", body: input });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["auth", "sessions"] }),
  });
}
