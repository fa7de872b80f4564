import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { sessionKeys } from "./list-sessions";
import type { Schema, WithDefaults } from "@/lib/api/types";

export type Weekday = Schema<"Weekday">;

/** `until`: the last day ("YYYY-MM-DD"), or else `count` sessions. */
export type Repeat = WithDefaults<Schema<"Repeat">, "interval">;

/** `starts_at`, `ends_at`: "YYYY-MM-DDTHH:MM" without a zone, the organization's local time. */
export type SessionInput = WithDefaults<Omit<Schema<"SessionCreate">, "repeat">, "mode" | "status"> & { repeat?: Repeat | null };

/** The session made (the first of a series) and how many the series made. */
export type SessionCreated = Schema<"SessionCreated">;

/** POST /api/sessions — one session or a series, expanded in the organization's timezone. */
export function createSession(input: SessionInput): Promise<SessionCreated> {
  return apiClient.request<SessionCreated>("/api/sessions", { method: "POST", body: input });
}

export function useCreateSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSession,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.all }),
  });
}
