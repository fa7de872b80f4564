import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { formatTime } from "@/lib/intl";
import { useConnectivity } from "@/lib/offline/connectivity";
import { loadOutbox, outboxEntries } from "@/lib/offline/outbox";
import { createQueryClient } from "@/lib/query-client";
import { freshOfflineDb } from "@/test/offline-db";
import type { PresenceRecord, Roster } from "@/features/roster/api/get-roster";
import { RosterPage } from "./RosterPage";
import type { RosterDomain, RosterState } from "./types";

// A hotel's check-in and check-out on the roster, against a fake server at the edge (fetch). The
// real stack is covered by e2e/check-in.spec.ts.

const states: RosterState[] = [
  { domain: "hospitality", code: "checked_in", label: "Checked in", color: "#1b7f3b", sort_order: 10, roles: null, is_default: true, retired: false, category: "present" },
  { domain: "hospitality", code: "no_show", label: "No-show", color: "#b3261e", sort_order: 20, roles: null, is_default: false, retired: false, category: "absent" },
];
const domains: RosterDomain[] = [
  {
    code: "hospitality",
    terminology: { participant: "Guest", participants: "Guests", group: "Event", groups: "Events", session: "Sitting", sessions: "Sittings", check_in: "Check in", check_out: "Check out" },
    states,
  },
];
const frontline = { id: "u-frankie", email: "frankie@example.com", full_name: "Frankie", role: "frontline" as const, organization_id: "o1", participant_id: null };

function record(participantId: string, extra: Partial<PresenceRecord> = {}): PresenceRecord {
  return {
    id: `r-${participantId}`,
    session_id: "s1",
    participant_id: participantId,
    state: "checked_in",
    note: null,
    version: 1,
    source: "online",
    recorded_by: "u-frankie",
    recorded_at: "2026-11-27T09:12:00Z",
    client_time: null,
    device_id: null,
    check_in_at: null,
    check_out_at: null,
    duration_minutes: null,
    ...extra,
  };
}

function roster(records: Record<string, PresenceRecord> = {}, mode: Roster["session"]["mode"] = "check_in_out"): Roster {
  const people = [
    { id: "p1", name: "Aisha Khan", external_ref: "B-101" },
    { id: "p2", name: "Bruno Silva", external_ref: "B-102" },
    { id: "p3", name: "Chloé Martin", external_ref: null },
  ];
  return {
    session: { id: "s1", group_id: "g1", series_id: null, title: "Gala dinner", starts_at: "2026-11-27T09:00:00Z", ends_at: "2026-11-27T17:00:00Z", location: null, mode, status: "open", notes: null, created_at: "2026-11-01T08:00:00Z" },
    group: { id: "g1", name: "Winter gala", domain: "hospitality", late_after_minutes: 5 },
    counts: {},
    items: people.map((participant) => ({ participant, record: records[participant.id] ?? null })),
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

function serve(handler: (path: string, init: RequestInit) => Response | Promise<Response>) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const bodies = (fetch: ReturnType<typeof serve>, path: string) =>
  fetch.mock.calls.filter(([input]) => String(input) === path).map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);

function renderRoster(role: "frontline" | "manager" = "frontline") {
  const router = createMemoryRouter(
    [{ path: "/sessions/:id", element: <RosterPage sessionId="s1" domains={domains} allStates={states} timeZone="Europe/London" role={role} /> }],
    { initialEntries: ["/sessions/s1"] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const rowOf = (name: string) => within(screen.getByRole("list", { name: "Guests" })).getByText(name, { selector: ".roster-row__name" }).closest("li")! as HTMLElement;
const loaded = () => screen.findByRole("heading", { level: 1, name: "Gala dinner" }, { timeout: 5000 });

beforeEach(async () => {
  await freshOfflineDb();
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: frontline, endedReason: null });
  useConnectivity.setState({ online: true });
  await loadOutbox(frontline.id);
});

describe("a roster where guests check in and out", () => {
  it("checks a guest in and out in the domain's words, with the times, lateness, duration and who is in now", async () => {
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p2: record("p2", { check_in_at: "2026-11-27T08:55:00Z" }) }));
      if (path === "/api/sessions/s1/check-in") return json(201, record("p1", { check_in_at: "2026-11-27T09:12:00Z" }));
      if (path === "/api/sessions/s1/check-out")
        return json(200, record("p1", { version: 2, check_in_at: "2026-11-27T09:12:00Z", check_out_at: "2026-11-27T15:24:00Z", duration_minutes: 372 }));
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    expect(screen.getByText("In now: 1 of 3")).toBeInTheDocument();
    expect(within(rowOf("Bruno Silva")).getByText(`In since ${formatTime(new Date("2026-11-27T08:55:00Z"), "Europe/London")}`)).toBeInTheDocument();
    expect(within(rowOf("Bruno Silva")).getByRole("button", { name: "Check out Bruno Silva" })).toBeInTheDocument();
    // The states are still there, behind "More": staff can mark and correct.
    expect(within(rowOf("Aisha Khan")).queryByRole("button", { name: "No-show" })).not.toBeInTheDocument();

    await user.click(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check in Aisha Khan" }));

    const arrived = formatTime(new Date("2026-11-27T09:12:00Z"), "Europe/London");
    // A hotel has no late state: lateness is told from the time, past the event's 5 minutes' grace.
    expect(await within(rowOf("Aisha Khan")).findByText(`In since ${arrived} · 12 min late`)).toBeInTheDocument();
    expect(screen.getByText("In now: 2 of 3")).toBeInTheDocument();
    const [sent] = bodies(fetch, "/api/sessions/s1/check-in");
    expect(sent).toEqual({ participant_id: "p1", mutation_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    await user.click(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check out Aisha Khan" }));

    const left = formatTime(new Date("2026-11-27T15:24:00Z"), "Europe/London");
    expect(await within(rowOf("Aisha Khan")).findByText(`In ${arrived} · out ${left} · 6 h 12 min · 12 min late`)).toBeInTheDocument();
    expect(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check in Aisha Khan" })).toBeInTheDocument();
    expect(screen.getByText("In now: 1 of 3")).toBeInTheDocument();

    await user.click(within(rowOf("Chloé Martin")).getByRole("button", { name: "More for Chloé Martin" }));
    expect(within(await screen.findByRole("dialog", { name: "Chloé Martin" })).getByRole("button", { name: "No-show" })).toHaveAttribute("aria-pressed", "false");
  });

  it("says in plain words why a check-out was refused", async () => {
    serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p3: record("p3", { check_in_at: "2026-11-27T09:00:00Z" }) }));
      if (path === "/api/sessions/s1/check-out")
        return json(422, { title: "Invalid input", status: 422, detail: "participant_id: not checked in", errors: [{ field: "participant_id", message: "Not checked in.", code: "not_checked_in" }] });
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(within(rowOf("Chloé Martin")).getByRole("button", { name: "Check out Chloé Martin" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("“Check out” for Chloé Martin was not saved; the list shows what was saved before.");
    expect(alert).toHaveTextContent("Chloé Martin is not in yet: use “Check in” first.");
    expect(alert).not.toHaveTextContent("participant_id");
    expect(within(rowOf("Chloé Martin")).getByRole("button", { name: "Check out Chloé Martin" })).toBeInTheDocument();
  });

  it("offline, keeps a check-in in the outbox with its action and this device's time, shown as not sent yet", async () => {
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster());
      throw new TypeError("Failed to fetch");
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    const before = Date.now();

    await user.click(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check in Aisha Khan" }));

    expect(await within(rowOf("Aisha Khan")).findByText("Not sent yet")).toBeInTheDocument();
    const [waiting] = await outboxEntries(frontline.id);
    expect(waiting).toMatchObject({ session_id: "s1", participant_id: "p1", action: "check_in", state: null, base_version: null, user_id: frontline.id });
    expect(Date.parse(waiting!.check_in_at!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(waiting!.check_in_at!)).toBeLessThanOrEqual(Date.now());
    // The online attempt's mutation id goes with it: had the server taken it, sync finds a duplicate.
    expect(bodies(fetch, "/api/sessions/s1/check-in")[0]!.mutation_id).toBe(waiting!.mutation_id);
    expect(within(rowOf("Aisha Khan")).getByText(new RegExp(`^In since ${formatTime(new Date(waiting!.check_in_at!), "Europe/London")}`))).toBeInTheDocument();
    expect(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check out Aisha Khan" })).toBeInTheDocument();
    expect(screen.getByText("In now: 1 of 3")).toBeInTheDocument();

    // Known to be offline now: the check-out waits behind it, never tried online.
    act(() => useConnectivity.getState().unreachable());
    await user.click(within(rowOf("Aisha Khan")).getByRole("button", { name: "Check out Aisha Khan" }));
    await vi.waitFor(async () => expect((await outboxEntries(frontline.id)).map((e) => e.action)).toEqual(["check_in", "check_out"]));
    expect(bodies(fetch, "/api/sessions/s1/check-out")).toEqual([]);
  });

  it("in a self check-in session, links staff to the check-in code; a manager only reads", async () => {
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p1: record("p1", { source: "self_check_in", check_in_at: "2026-11-27T09:01:00Z" }) }, "self_check_in")) : json(404, {})));
    renderRoster();
    await loaded();
    expect(screen.getByRole("link", { name: "Open the check-in code" })).toHaveAttribute("href", "/sessions/s1/check-in-code");
    expect(within(rowOf("Bruno Silva")).getByRole("button", { name: "Check in Bruno Silva" })).toBeInTheDocument();
  });

  it("shows a manager the times and who is in, with nothing to press", async () => {
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p1: record("p1", { check_in_at: "2026-11-27T09:01:00Z" }) }, "self_check_in")) : json(404, {})));
    renderRoster("manager");
    await loaded();
    expect(screen.queryByRole("link", { name: "Open the check-in code" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Check in/ })).not.toBeInTheDocument();
    expect(within(rowOf("Aisha Khan")).getByText(`In since ${formatTime(new Date("2026-11-27T09:01:00Z"), "Europe/London")}`)).toBeInTheDocument();
    expect(within(rowOf("Bruno Silva")).getByText("Not in")).toBeInTheDocument();
    expect(screen.getByText("In now: 1 of 3")).toBeInTheDocument();
  });
});
