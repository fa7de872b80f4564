import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { newId } from "@/lib/offline/ids";
import { kioskKeys, type KioskSession } from "./list-kiosks";
import type { Schema } from "@/lib/api/types";

/** `session_ids`: sessions taken by check-in that the user records for; `expires_at` left out: when its last session ends. */
export type KioskInput = Schema<"KioskCreate">;

/** The kiosk made, with its key: shown this once, kept only by the device it is opened on. */
export type KioskCreated = Omit<Schema<"KioskCreated">, "sessions"> & { sessions: KioskSession[] };

/**
 * POST /api/kiosks — 201 with the kiosk and its `token`. 422 naming `session_ids.N` (`not_found`,
 * `roll_call`, `not_open`), `expires_at` (`in_past`) or `name`. An Idempotency-Key makes a retry
 * after a lost answer give the same kiosk, not a second one.
 */
export function createKiosk({ input, idempotencyKey }: { input: KioskInput; idempotencyKey: string }): Promise<KioskCreated> {
  return apiClient.request<KioskCreated>("/api/kiosks", { method: "POST", body: input, headers: { "Idempotency-Key": idempotencyKey } });
}

export function useCreateKiosk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createKiosk,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: kioskKeys.all }),
  });
}

export const newIdempotencyKey = newId;
