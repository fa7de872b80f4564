import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import { ApiError } from "@/lib/problem";
import { participantKeys } from "./list-participants";
import type { Schema } from "@/lib/api/types";

/** A bad row: `row` is the file's row number (the header is row 1); null for the file as a whole. */
export type RowError = Omit<Schema<"ImportError_">, "code"> & { code?: string };

export type ImportResult = Schema<"ImportResult">;

/**
 * POST /api/participants/import (multipart `file`, CSV or XLSX). With `dryRun` nothing changes and
 * every bad row is listed; a real import with any bad row changes nothing and answers 422.
 */
export function importParticipants({ file, dryRun }: { file: File; dryRun: boolean }): Promise<ImportResult> {
  const form = new FormData();
  form.append("file", file, file.name);
  return apiClient.request<ImportResult>(`/api/participants/import${dryRun ? "?dry_run=true" : ""}`, { method: "POST", body: form });
}

/**
 * The row errors a refused import (422) lists, with their row numbers and codes: the code picks the
 * catalogue's sentence, so the validator's own message never reaches the page.
 */
export function rowErrorsOf(error: unknown): RowError[] {
  if (!(error instanceof ApiError) || error.status !== 422) return [];
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((item: unknown) => {
    const e = item as Partial<RowError> & { limit?: unknown };
    if (typeof e.field !== "string" || typeof e.message !== "string") return [];
    return [
      {
        row: typeof e.row === "number" ? e.row : null,
        field: e.field,
        message: e.message,
        ...(typeof e.code === "string" ? { code: e.code } : {}),
        ...(typeof e.limit === "number" ? { limit: e.limit } : {}),
      },
    ];
  });
}

export function useImportParticipants() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: importParticipants,
    onSuccess: (result) => {
      if (!result.dry_run) return queryClient.invalidateQueries({ queryKey: participantKeys.all });
    },
  });
}
