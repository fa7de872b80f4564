import type { APIRequestContext } from "@playwright/test";
import { call, createUser, signUpOrganization, unique, type Account, type TestOrganization } from "./presence";

export interface Guest {
  id: string;
  name: string;
  /** Their badge: the participant's external reference. */
  badge: string;
}

export interface PreparedCheckIns {
  org: TestOrganization;
  /** The steward, receptionist or shift lead: a frontline user assigned to the group. */
  frontline: Account;
  groupId: string;
  groupName: string;
  sessionId: string;
  sessionTitle: string;
  people: Guest[];
}

/**
 * An organization of one domain with a group of the named people (each with a badge), a frontline
 * user assigned to it, and an open session of the given mode that started `startedMinutesAgo`
 * minutes ago (the group's grace is the default 5) — all through the API, as its administrator.
 */
export async function prepareCheckIns(
  request: APIRequestContext,
  {
    domain,
    mode,
    names,
    frontlineName = "Rae Reception",
    startedMinutesAgo = 1,
  }: { domain: string; mode: "check_in_out" | "self_check_in"; names: string[]; frontlineName?: string; startedMinutesAgo?: number },
): Promise<PreparedCheckIns> {
  const org = await signUpOrganization(request, { domain });
  const frontline = await createUser(request, org, "frontline", frontlineName);
  const tag = unique("B").replace(/\s+/g, "").toUpperCase();
  const people: Guest[] = [];
  for (const [i, name] of names.entries()) {
    const badge = `${tag}-${i + 1}`;
    const made = await call<{ id: string }>(request, org.token, "POST", "/api/participants", { name, external_ref: badge });
    people.push({ id: made.id, name, badge });
  }
  const groupName = unique("Group");
  const group = await call<{ id: string }>(request, org.token, "POST", "/api/groups", { name: groupName, domain });
  await call(request, org.token, "POST", `/api/groups/${group.id}/members`, {
    participant_ids: people.map((p) => p.id),
    starts_at: new Date(Date.now() - 60 * 60_000).toISOString(),
  });
  await call(request, org.token, "POST", `/api/groups/${group.id}/staff`, { user_ids: [frontline.id] });
  const sessionTitle = unique("Session");
  const now = Date.now();
  const session = await call<{ id: string }>(request, org.token, "POST", "/api/sessions", {
    group_id: group.id,
    title: sessionTitle,
    starts_at: new Date(now - startedMinutesAgo * 60_000).toISOString(),
    ends_at: new Date(now + 3 * 60 * 60_000).toISOString(),
    mode,
    status: "open",
  });
  return { org, frontline, groupId: group.id, groupName, sessionId: session.id, sessionTitle, people };
}

/** A participant's own login (the `external` role), linked to their participant record. */
export async function createParticipantLogin(request: APIRequestContext, org: TestOrganization, person: Guest): Promise<Account> {
  const email = `${unique("guest").replace(/[^a-z0-9]+/gi, "-").toLowerCase()}@example.com`;
  const password = "a-participant-password";
  const user = await call<{ id: string }>(request, org.token, "POST", "/api/users", {
    email,
    full_name: person.name,
    role: "external",
    password,
    participant_id: person.id,
  });
  return { id: user.id, email, password, fullName: person.name };
}
