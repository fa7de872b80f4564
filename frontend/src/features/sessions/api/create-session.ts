import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { sessionKeys, type Session, type SessionMode } from "./list-sessions";

export type Weekday = "mo" | "tu" | "we" | "th" | "fr" | "sa" | "su";

export interface Repeat {
  freq: "daily" | "weekly";
  interval: number;
  by_weekday?: Weekday[];
  /** Last day ("YYYY-MM-DD"), or else `count` sessions. */
  until?: string;
  count?: number;
}

export interface SessionInput {
  group_id: string;
  title: string;
  /** "YYYY-MM-DDTHH:MM" without a zone: the organization's local time. */
  starts_at: string;
  ends_at: string;
  mode: SessionMode;
  location?: string;
  notes?: string;
  repeat?: Repeat;
}

/** The session made (the first of a series) and how many the series made. */
export type SessionCreated = Session & { occurrences: number };

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
