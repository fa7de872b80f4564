import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { useConnectivity } from "@/lib/offline/connectivity";
import { loadOutbox, outboxEntries, useOutbox } from "@/lib/offline/outbox";
import { freshOfflineDb } from "@/test/offline-db";
import { createQueryClient } from "@/lib/query-client";
import type { PresenceRecord, Roster } from "@/features/roster/api/get-roster";
import { RosterPage } from "./RosterPage";
import type { RosterDomain, RosterState } from "./types";
import { schoolTerms } from "@/test/terminology";

// The roster against a fake server at the edge (fetch): optimistic marks, their rollback, a
// colleague's 409, bulk marks. The real stack is covered by e2e/roll-call.spec.ts.

const states: RosterState[] = [
  { domain: "education", code: "present", label: "Present", color: "#1b7f3b", sort_order: 10, roles: null, is_default: true, retired: false },
  { domain: "education", code: "late", label: "Late", color: "#b25e09", sort_order: 20, roles: null, is_default: false, retired: false },
  { domain: "education", code: "absent", label: "Absent", color: "#b3261e", sort_order: 30, roles: null, is_default: false, retired: false },
  { domain: "education", code: "excused", label: "Excused", color: "#4a5bb5", sort_order: 40, roles: ["admin"], is_default: false, retired: false },
];
const domains: RosterDomain[] = [
  {
    code: "education",
    terminology: schoolTerms,
    states,
  },
];

function record(participantId: string, state: string, version: number, extra: Partial<PresenceRecord> = {}): PresenceRecord {
  return {
    id: `r-${participantId}`,
    session_id: "s1",
    participant_id: participantId,
    state,
    note: null,
    version,
    source: "online",
    recorded_by: "u-frankie",
    recorded_at: "2026-11-27T09:03:00Z",
    check_in_at: null,
    check_out_at: null,
    duration_minutes: null,
    client_time: null,
    device_id: null,
    ...extra,
  };
}

const threePeople = [
  { id: "p1", name: "Łukasz Nowak", external_ref: "S1" },
  { id: "p2", name: "Şule Yılmaz", external_ref: "S2" },
  { id: "p3", name: "陈静", external_ref: null },
];

function roster(records: Record<string, PresenceRecord> = {}, people: { id: string; name: string; external_ref: string | null }[] = threePeople): Roster {
  return {
    session: {
      id: "s1",
      group_id: "g1",
      series_id: null,
      title: "Mathematics",
      starts_at: "2026-11-27T09:00:00Z",
      ends_at: "2026-11-27T10:00:00Z",
      location: "Room 4",
      mode: "roll_call",
      status: "open",
      notes: null,
      created_at: "2026-11-01T08:00:00Z",
    },
    group: { id: "g1", name: "7B", domain: "education", late_after_minutes: 5 },
    counts: {},
    items: people.map((participant) => ({ participant, record: records[participant.id] ?? null })),
  };
}

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

function serve(handler: Handler) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/** What was asked of the server, besides the live stream (which opened while online). */
const requested = (fetch: ReturnType<typeof serve>) => fetch.mock.calls.map(([input]) => String(input)).filter((path) => !path.startsWith("/api/events"));

const bodies = (fetch: ReturnType<typeof serve>, path: string) =>
  fetch.mock.calls.filter(([input]) => String(input) === path).map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);

function renderRoster(role: "frontline" | "admin" | "manager" = "frontline") {
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

const rowOf = (name: string) => within(screen.getByRole("list", { name: "Students" })).getByText(name).closest("li")! as HTMLElement;
const countOf = (label: string) => within(screen.getByRole("list", { name: "Counts" })).getByText(label).closest("li")!.textContent;

/** The page with its data (the first render of a run also loads the modules: a generous wait). */
const loaded = () => screen.findByRole("heading", { level: 1, name: "Mathematics" }, { timeout: 5000 });

/** A response the test releases when it wants: to look at the screen while a request is out. */
function deferred() {
  let release!: (response: Response) => void;
  const promise = new Promise<Response>((resolve) => (release = resolve));
  return { promise, release };
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("the register by keyboard and at length", () => {
  it("moves between people with the arrow keys and marks with a state's letter", async () => {
    const fetch = serve((path, init) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster());
      if (path === "/api/presence") {
        const body = JSON.parse(String(init.body)) as { participant_id: string; state: string };
        return json(200, record(body.participant_id, body.state, 1));
      }
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    // The letters are said on the page, in the domain's words.
    expect(screen.getByText(/Keyboard: ↑ and ↓ move between students;/)).toHaveTextContent("P Present, L Late, A Absent.");

    within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Present" }).focus();
    await user.keyboard("a");
    await user.keyboard("{ArrowDown}");
    // Down a row, on the same button.
    expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Present" })).toHaveFocus();
    await user.keyboard("l");
    await user.keyboard("{End}");
    expect(within(rowOf("陈静")).getByRole("button", { name: "Present" })).toHaveFocus();
    await user.keyboard("p");
    await user.keyboard("{ArrowUp}{ArrowUp}{ArrowUp}");
    expect(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Present" })).toHaveFocus();
    // "x" is no state's letter: nothing happens.
    await user.keyboard("x");

    await vi.waitFor(() => expect(bodies(fetch, "/api/presence")).toHaveLength(3));
    expect(bodies(fetch, "/api/presence").map((b) => [b.participant_id, b.state])).toEqual([
      ["p1", "absent"],
      ["p2", "late"],
      ["p3", "present"],
    ]);
    expect(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Absent" })).toHaveAttribute("aria-pressed", "true");
  });

  it("renders only the rows near the window for five hundred people, and finds any of them", async () => {
    const people = Array.from({ length: 500 }, (_, i) => ({ id: `p${i + 1}`, name: `Pupil ${String(i + 1).padStart(3, "0")}`, external_ref: null }));
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({}, people)) : json(404, {})));
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    expect(screen.getByText("0 of 500 students marked.")).toBeInTheDocument();
    const shown = within(screen.getByRole("list", { name: "Students" })).getAllByRole("listitem");
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThanOrEqual(60);
    expect(shown[0]).toHaveAttribute("aria-setsize", "500");

    await user.type(screen.getByRole("searchbox", { name: "Search students" }), "pupil 432");
    await vi.waitFor(() => expect(within(screen.getByRole("list", { name: "Students" })).getAllByRole("listitem")).toHaveLength(1));
    expect(rowOf("Pupil 432")).toBeInTheDocument();
  });
});

describe("the roster", () => {
  it("shows the session in the domain's words, a button per usable state and live counts", async () => {
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p2: record("p2", "late", 1) })) : json(404, {})));
    renderRoster();

    expect(await loaded()).toBeInTheDocument();
    expect(screen.getByText("Lesson · Class: 7B")).toBeInTheDocument();
    expect(document.title).toBe("Lesson: Mathematics · Omnipresence");
    const row = rowOf("Łukasz Nowak");
    // A chip per state, named by its label, with the letter that marks it from the keyboard.
    expect(within(row).getAllByRole("button", { pressed: false }).map((b) => `${b.getAttribute("aria-keyshortcuts")} ${b.textContent}`)).toEqual([
      "P PPresent",
      "L LLate",
      "A AAbsent",
    ]);
    // The row says the mark in words too (on a phone the chips show only their letter).
    expect(within(rowOf("Şule Yılmaz")).getByText("Late", { selector: ".roster-row__current span" })).toBeInTheDocument();
    expect(within(row).getByText("Unmarked")).toBeInTheDocument();
    // "Excused" is for administrators only.
    expect(within(row).queryByRole("button", { name: "Excused" })).not.toBeInTheDocument();
    expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
    expect(countOf("Late")).toMatch(/1$/);
    expect(countOf("Unmarked")).toMatch(/2$/);
  });

  it("marks at once, sends the version it showed and a fresh mutation id, and keeps the note", async () => {
    const answer = deferred();
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p1: record("p1", "present", 3, { note: "Arrived with a note" }) }));
      if (path === "/api/presence") return answer.promise;
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Late" }));

    // Before the server answers: shown as late, counted as late.
    expect(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
    expect(countOf("Late")).toMatch(/1$/);
    expect(within(rowOf("Łukasz Nowak")).getByText("Saving…")).toBeInTheDocument();
    const [sent] = bodies(fetch, "/api/presence");
    expect(sent).toMatchObject({ session_id: "s1", participant_id: "p1", state: "late", expected_version: 3, note: "Arrived with a note" });
    expect(sent!.mutation_id).toMatch(/^[0-9a-f-]{36}$/);

    await act(async () => answer.release(json(200, record("p1", "late", 4, { note: "Arrived with a note" }))));
    expect(within(rowOf("Łukasz Nowak")).queryByText("Saving…")).not.toBeInTheDocument();
    expect(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
  });

  it("puts a refused mark back and says why", async () => {
    serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster());
      if (path === "/api/presence")
        return json(422, { type: "x/validation-error", title: "Invalid input", status: 422, detail: "state: nope", errors: [{ field: "state", message: "Your role may not record this state." }] });
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(within(rowOf("陈静")).getByRole("button", { name: "Absent" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The mark for 陈静 was not saved; it is back to what it was.");
    expect(alert).toHaveTextContent("Your role may not record this state.");
    expect(within(rowOf("陈静")).getByRole("button", { name: "Absent" })).toHaveAttribute("aria-pressed", "false");
    expect(countOf("Unmarked")).toMatch(/3$/);
  });

  it("on a colleague's mark (409) shows theirs, names them, and lets the user keep theirs or keep mine", async () => {
    const theirs = record("p2", "absent", 2, { recorded_at: "2026-11-27T09:05:00Z" });
    const fetch = serve((path, init) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p2: record("p2", "present", 1) }));
      if (path === "/api/presence/r-p2/history")
        return json(200, { items: [{ version: 2, state: "absent", note: null, source: "online", actor: "u2", actor_name: "Sam Colleague", device_id: null, client_time: null, at: "2026-11-27T09:05:00Z" }] });
      if (path === "/api/presence") {
        const body = JSON.parse(String(init.body)) as { expected_version: number };
        if (body.expected_version === 1) return json(409, { type: "x/conflict", title: "Record changed", status: 409, detail: "moved on", current: theirs });
        return json(200, record("p2", "late", 3));
      }
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Late" }));

    const dialog = await screen.findByRole("dialog", { name: "Şule Yılmaz was just marked by someone else" });
    expect(await within(dialog).findByText(/Sam Colleague recorded Absent at 0?9:05/)).toBeInTheDocument();
    // The screen shows the colleague's mark meanwhile; nothing of theirs was overwritten.
    expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Absent", hidden: true })).toHaveAttribute("aria-pressed", "true");

    await user.click(within(dialog).getByRole("button", { name: "Keep mine: Late" }));

    await vi.waitFor(() => expect(bodies(fetch, "/api/presence")).toHaveLength(2));
    expect(bodies(fetch, "/api/presence")[1]).toMatchObject({ state: "late", expected_version: 2 });
    await vi.waitFor(() => expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true"));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("marks all unmarked in one request that leaves colleagues' marks alone", async () => {
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p2: record("p2", "late", 1) }));
      if (path === "/api/presence/bulk") return json(200, { items: [record("p1", "present", 1), record("p3", "present", 1), record("p2", "late", 1)] });
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(screen.getByRole("button", { name: "Mark all…" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Mark many at once" })).getByRole("button", { name: "Mark all unmarked as Present" }));

    expect(await screen.findByText("Marked 2 as Present. 1 already marked by a colleague were left as they were.")).toBeInTheDocument();
    const [sent] = bodies(fetch, "/api/presence/bulk");
    expect(sent).toMatchObject({ session_id: "s1", only_unmarked: true });
    expect((sent!.records as { participant_id: string }[]).map((r) => r.participant_id)).toEqual(["p1", "p3"]);
    const call = fetch.mock.calls.find(([input]) => String(input) === "/api/presence/bulk")!;
    expect(new Headers(call[1]?.headers).get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(countOf("Present")).toMatch(/2$/);
    expect(countOf("Late")).toMatch(/1$/);
    expect(countOf("Unmarked")).toMatch(/0$/);
  });

  it("asks before marking everyone when that changes marks already made", async () => {
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p2: record("p2", "late", 1) })) : json(404, {})));
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(screen.getByRole("button", { name: "Mark all…" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Mark many at once" })).getByRole("button", { name: "Mark all as Present" }));

    const dialog = await screen.findByRole("dialog", { name: "Mark everyone as Present?" });
    expect(dialog).toHaveTextContent("1 already have a mark; they will be changed to Present too.");
  });

  it("finds people whatever their accents, and is read-only for a manager", async () => {
    serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p2: record("p2", "late", 1) })) : json(404, {})));
    renderRoster("manager");
    const user = userEvent.setup();
    await loaded();

    expect(screen.queryByRole("button", { name: "Present" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Mark all/ })).not.toBeInTheDocument();
    expect(within(rowOf("Şule Yılmaz")).getByText("Late")).toBeInTheDocument();

    await user.type(screen.getByRole("searchbox", { name: "Search students" }), "sule");
    await vi.waitFor(() => expect(within(screen.getByRole("list", { name: "Students" })).getAllByRole("listitem")).toHaveLength(1));
    await user.clear(screen.getByRole("searchbox", { name: "Search students" }));
    await user.type(screen.getByRole("searchbox", { name: "Search students" }), "lukasz");
    await vi.waitFor(() => expect(within(screen.getByRole("list", { name: "Students" })).getByText("Łukasz Nowak")).toBeInTheDocument());
    expect(within(screen.getByRole("list", { name: "Students" })).getAllByRole("listitem")).toHaveLength(1);
  });

  it("lets the frontline user close the lesson after asking, and then shows it closed", async () => {
    let status = "open";
    const fetch = serve((path, init) => {
      if (path === "/api/sessions/s1/roster") {
        const data = roster();
        return json(200, { ...data, session: { ...data.session, status } });
      }
      if (path === "/api/sessions/s1" && init.method === "PATCH") {
        status = (JSON.parse(String(init.body)) as { status: string }).status;
        return json(200, { ...roster().session, status });
      }
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(screen.getByRole("button", { name: "Close the lesson" }));
    const dialog = await screen.findByRole("dialog", { name: "Close the lesson?" });
    await user.click(within(dialog).getByRole("button", { name: "Close the lesson" }));

    expect(await screen.findByRole("button", { name: "Reopen the lesson" })).toBeInTheDocument();
    expect(bodies(fetch, "/api/sessions/s1")).toEqual([{ status: "closed" }]);
    // Closed: a frontline user no longer gets state buttons.
    expect(screen.queryByRole("button", { name: "Present" })).not.toBeInTheDocument();
    expect(screen.getByText("This lesson is closed: only an administrator can change its marks now.")).toBeInTheDocument();
  });
});

describe("the roster offline", () => {
  const frankie = { id: "u-frankie", email: "frankie@example.com", full_name: "Frankie", role: "frontline" as const, organization_id: "o1", participant_id: null };

  beforeEach(async () => {
    await freshOfflineDb();
    useAuthSession.setState({ status: "signedIn", accessToken: "t", user: frankie, endedReason: null });
    useConnectivity.setState({ online: true });
    await loadOutbox(frankie.id);
  });

  it("keeps a mark the network could not take in the outbox, with the version it showed, and shows it as not sent", async () => {
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster({ p2: record("p2", "late", 4) }));
      throw new TypeError("Failed to fetch");
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Absent" }));

    expect(await within(rowOf("Şule Yılmaz")).findByText("Not sent yet")).toBeInTheDocument();
    expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Absent" })).toHaveAttribute("aria-pressed", "true");
    expect(countOf("Absent")).toMatch(/1$/);
    const [waiting] = await outboxEntries(frankie.id);
    expect(waiting).toMatchObject({ session_id: "s1", participant_id: "p2", state: "absent", base_version: 4, user_id: frankie.id });
    // The online attempt's mutation id goes with it: had the server taken it, sync finds a duplicate.
    expect(bodies(fetch, "/api/presence")[0]!.mutation_id).toBe(waiting!.mutation_id);
    expect(useConnectivity.getState().online).toBe(false);
    expect(useOutbox.getState().entries).toHaveLength(1);
  });

  it("known to be offline, marks one person and then all unmarked without trying the network", async () => {
    const fetch = serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster({ p2: record("p2", "late", 4) })) : json(500, {})));
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    act(() => useConnectivity.getState().unreachable());

    await user.click(within(rowOf("陈静")).getByRole("button", { name: "Late" }));
    expect(await within(rowOf("陈静")).findByText("Not sent yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Mark all…" }));
    await user.click(within(await screen.findByRole("dialog", { name: "Mark many at once" })).getByRole("button", { name: "Mark all unmarked as Present" }));

    expect(await screen.findByText("Marked 1 as Present on this device; it is sent when the connection is back.")).toBeInTheDocument();
    expect(requested(fetch)).toEqual(["/api/sessions/s1/roster"]);
    // Only Łukasz: Şule has a colleague's mark, and 陈静's waiting mark counts as a mark.
    expect((await outboxEntries(frankie.id)).map((e) => [e.participant_id, e.state, e.base_version])).toEqual([
      ["p3", "late", null],
      ["p1", "present", null],
    ]);
    expect(countOf("Present")).toMatch(/1$/);
    expect(countOf("Late")).toMatch(/2$/);
    expect(countOf("Unmarked")).toMatch(/0$/);
  });

  it("while changes wait, a new mark waits behind them rather than overtaking them", async () => {
    const fetch = serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster()) : json(201, record("p1", "present", 1))));
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    act(() => useConnectivity.getState().unreachable());
    await user.click(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Absent" }));
    await within(rowOf("Łukasz Nowak")).findByText("Not sent yet");
    act(() => useConnectivity.getState().reachable());

    await user.click(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Present" }));

    await vi.waitFor(async () => expect((await outboxEntries(frankie.id)).map((e) => e.state)).toEqual(["absent", "present"]));
    expect(bodies(fetch, "/api/presence")).toEqual([]);
  });
  it("adds someone not on the list on the spot, with an Idempotency-Key, and shows them as a walk-in", async () => {
    const sam = { id: "p9", name: "Sam Guest", external_ref: null, email: null, phone: null, attributes: {}, is_active: true, created_at: "2026-11-27T09:10:00Z", has_pin: false, walk_in: true };
    const samsRecord = record("p9", "late", 1, { note: "Visiting from 8C" });
    let made = false;
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") {
        // The server's roster lists anyone recorded in the session; it does not say who is a walk-in.
        const answer = roster();
        if (made) answer.items.push({ participant: { id: "p9", name: "Sam Guest", external_ref: null }, record: samsRecord });
        return json(200, answer);
      }
      if (path === "/api/sessions/s1/walk-ins") {
        made = true;
        return json(201, { participant: sam, record: samsRecord });
      }
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();

    await user.click(screen.getByRole("button", { name: "Add someone not on the list" }));
    const dialog = await screen.findByRole("dialog", { name: "Add someone not on the list" });
    await user.click(within(dialog).getByRole("button", { name: "Add them" }));
    expect(within(dialog).getByText("Enter their name.")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Their name"), "  Sam Guest ");
    await user.click(within(dialog).getByRole("radio", { name: "Late" }));
    await user.type(within(dialog).getByLabelText(/Note/), "Visiting from 8C");
    await user.click(within(dialog).getByRole("button", { name: "Add them" }));

    expect(await screen.findByText("Sam Guest was added to this lesson.")).toBeInTheDocument();
    const call = fetch.mock.calls.find(([input]) => String(input) === "/api/sessions/s1/walk-ins")!;
    expect(JSON.parse(String(call[1]?.body))).toEqual({ name: "Sam Guest", state: "late", note: "Visiting from 8C" });
    expect(new Headers(call[1]?.headers).get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    const row = rowOf("Sam Guest");
    expect(within(row).getByText("Walk-in")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
  });

  it("offline, keeps a walk-in in the outbox under a placeholder, and a mark for them queues behind it", async () => {
    const fetch = serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster()) : json(500, {})));
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    act(() => useConnectivity.getState().unreachable());

    await user.click(screen.getByRole("button", { name: "Add someone not on the list" }));
    const dialog = await screen.findByRole("dialog", { name: "Add someone not on the list" });
    await user.type(within(dialog).getByLabelText("Their name"), "Sam Guest");
    await user.click(within(dialog).getByRole("button", { name: "Add them" }));

    expect(await screen.findByText("Sam Guest is kept on this device and will be added when the connection is back.")).toBeInTheDocument();
    const row = rowOf("Sam Guest");
    expect(within(row).getByText("Walk-in")).toBeInTheDocument();
    expect(within(row).getByText("Not sent yet")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Present" })).toHaveAttribute("aria-pressed", "true");
    expect(countOf("Present")).toMatch(/1$/);

    await user.click(within(row).getByRole("button", { name: "Absent" }));
    await vi.waitFor(async () => expect(await outboxEntries(frankie.id)).toHaveLength(2));
    const [walkIn, mark] = await outboxEntries(frankie.id);
    expect(walkIn).toMatchObject({ session_id: "s1", state: "present", walk_in: { name: "Sam Guest" } });
    expect(walkIn!.participant_id).toMatch(/^local:/);
    expect(mark).toMatchObject({ participant_id: walkIn!.participant_id, state: "absent", base_version: null });
    expect(requested(fetch)).toEqual(["/api/sessions/s1/roster"]);
  });
});
