import { create } from "zustand";
import type { SendProgress, SendSummary } from "./sender";

/** What the app shows of sync (app state, CONVENTIONS 11): sending, how far, and how it went. */
export interface SyncStatus {
  phase: "idle" | "sending";
  progress: SendProgress | null;
  /** The last round's outcomes, until the user dismisses them or a new round starts. */
  summary: SendSummary | null;
  /** The last round stopped on an error other than a lost connection (shown in words). */
  error: string | null;
  /** A new version of the app is installed and waits for a reload. */
  updateReady: boolean;
}

export const useSyncStatus = create<SyncStatus>()(() => ({
  phase: "idle",
  progress: null,
  summary: null,
  error: null,
  updateReady: false,
}));
