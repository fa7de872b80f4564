import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiClient } from "@/lib/api-client";
import type { Role } from "@/lib/auth-session";
import type { Schema } from "@/lib/api/types";

/** `has_password` false: an invited person has not chosen a password yet. */
export type User = Schema<"UserOut">;

const USERS = ["users"] as const;

export function listUsers({ signal }: { signal?: AbortSignal } = {}): Promise<Schema<"Page_UserOut_">> {
  return apiClient.request("/api/users?limit=1000", { signal });
}

/** GET /api/users — everyone in the organization. */
export function useUsers() {
  return useQuery({ queryKey: USERS, queryFn: ({ signal }) => listUsers({ signal }) });
}

function useUserMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }) });
}

/** PATCH /api/users/{id} — e.g. a new role, which takes effect on the user's next request. */
export function updateUser({ id, ...changes }: { id: string; role?: Role }): Promise<User> {
  return apiClient.request<User>(`/api/users/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
}

export const useUpdateUser = () => useUserMutation(updateUser);

/** DELETE /api/users/{id} — deactivates: every session of theirs ends at once. */
export function deactivateUser(id: string): Promise<void> {
  return apiClient.request<void>(`/api/users/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export const useDeactivateUser = () => useUserMutation(deactivateUser);

/** POST /api/users/{id}/two-factor/reset — after a lost phone; they set it up again. */
export function resetTwoFactor(id: string): Promise<User> {
  return apiClient.request<User>(`/api/users/${encodeURIComponent(id)}/two-factor/reset`, { method: "POST", body: {} });
}

export const useResetTwoFactor = () => useUserMutation(resetTwoFactor);

export type Invitation = Schema<"InvitationOut">;

export type InvitationInput = Schema<"InvitationCreate">;

/** POST /api/invitations — add a user and mail them a link to choose their password. */
export function inviteUser(input: InvitationInput): Promise<Invitation> {
  return apiClient.request<Invitation>("/api/invitations", { method: "POST", body: input });
}

export const useInviteUser = () => useUserMutation(inviteUser);

/** POST /api/users/{id}/invitation — a new link for someone who has not set a password yet. */
export function reinviteUser(id: string): Promise<Invitation> {
  return apiClient.request<Invitation>(`/api/users/${encodeURIComponent(id)}/invitation`, { method: "POST", body: {} });
}

export const useReinviteUser = () => useUserMutation(reinviteUser);
