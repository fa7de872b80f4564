import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { useConnectivity } from "@/lib/offline/connectivity";
import { createQueryClient } from "@/lib/query-client";
import type { PresenceRecord, Roster } from "@/features/roster/api/get-roster";
import { RosterPage } from "./RosterPage";
import type { RosterDomain, RosterState } from "./types";
import { schoolTerms } from "@/test/terminology";

// Live updates on the roster (SPEC §4.3) against a fake server at the edge (fetch) whose
// /api/events answers a stream the test writes to. The real stack: e2e/live.spec.ts.

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

function roster(records: Record<string, PresenceRecord> = {}): Roster {
  const people = [
    { id: "p1", name: "Łukasz Nowak", external_ref: "S1" },
    { id: "p2", name: "Şule Yılmaz", external_ref: "S2" },
    { id: "p3", name: "陈静", external_ref: null },
  ];
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

/** A server-sent event stream the test writes events into, then may close. */
function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: () => new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } }),
    send: (event: string, data: unknown, id: number) => act(() => controller.enqueue(encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`))),
    close: () => act(() => controller.close()),
  };
}

function serve(handler: Handler) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderRoster(role: "frontline" | "admin" = "frontline") {
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
const loaded = () => screen.findByRole("heading", { level: 1, name: "Mathematics" }, { timeout: 5000 });
const EVENTS = "/api/events?session_id=s1";

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
  useConnectivity.setState({ online: true });
});

describe("the roster, live", () => {
  it("shows a colleague's mark as it comes, with the counts, without a reload", async () => {
    const stream = eventStream();
    const fetch = serve((path) => (path === "/api/sessions/s1/roster" ? json(200, roster()) : path === EVENTS ? stream.response() : json(404, {})));
    renderRoster();
    await loaded();
    expect(await screen.findByText("Live: marks made elsewhere appear here as they happen.")).toBeInTheDocument();
    const call = fetch.mock.calls.find(([input]) => String(input) === EVENTS)!;
    expect(new Headers(call[1]?.headers).get("Authorization")).toBe("Bearer t");

    stream.send("presence", record("p2", "absent", 1), 41);
    stream.send("counts", { session_id: "s1", counts: { absent: 1, unmarked: 2 }, marked: 1, expected: 3 }, 41);

    await vi.waitFor(() => expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Absent" })).toHaveAttribute("aria-pressed", "true"));
    expect(countOf("Absent")).toMatch(/1$/);
    expect(countOf("Unmarked")).toMatch(/2$/);
  });

  it("never shows a colleague's mark over this user's own mark on its way (no flicker)", async () => {
    const stream = eventStream();
    let answer!: (response: Response) => void;
    serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster());
      if (path === EVENTS) return stream.response();
      if (path === "/api/presence") return new Promise<Response>((resolve) => (answer = resolve));
      return json(404, {});
    });
    renderRoster();
    const user = userEvent.setup();
    await loaded();
    await screen.findByText("Live: marks made elsewhere appear here as they happen.");

    await user.click(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Late" }));
    const theirs = record("p1", "absent", 1, { recorded_by: "u-sam" });
    stream.send("presence", theirs, 50);
    // Also someone else's mark in the same burst: it comes through.
    stream.send("presence", record("p3", "present", 1), 51);

    await vi.waitFor(() => expect(within(rowOf("陈静")).getByRole("button", { name: "Present" })).toHaveAttribute("aria-pressed", "true"));
    expect(within(rowOf("Łukasz Nowak")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
    expect(within(rowOf("Łukasz Nowak")).getByText("Saving…")).toBeInTheDocument();
    expect(countOf("Absent")).toMatch(/0$/);

    // The server refuses mine (theirs came first): the user is asked, nothing is overwritten.
    await act(async () => answer(json(409, { type: "x/conflict", title: "Record changed", status: 409, detail: "moved on", current: theirs })));
    expect(await screen.findByRole("dialog", { name: "Łukasz Nowak was just marked by someone else" })).toBeInTheDocument();
  });

  it("says so when the connection is lost, and resumes from the last event it had", async () => {
    const first = eventStream();
    const second = eventStream();
    let opened = 0;
    const fetch = serve((path) => {
      if (path === "/api/sessions/s1/roster") return json(200, roster());
      if (path === EVENTS) return (opened += 1) === 1 ? first.response() : second.response();
      return json(404, {});
    });
    renderRoster();
    await loaded();
    await screen.findByText("Live: marks made elsewhere appear here as they happen.");
    first.send("presence", record("p1", "present", 1), 60);

    first.close();

    expect(await screen.findByText(/The live connection was lost\. Trying again/)).toBeInTheDocument();
    await screen.findByText("Live: marks made elsewhere appear here as they happen.", {}, { timeout: 10_000 });
    const calls = fetch.mock.calls.filter(([input]) => String(input) === EVENTS);
    expect(calls).toHaveLength(2);
    expect(new Headers(calls[1]![1]?.headers).get("Last-Event-ID")).toBe("60");
    second.send("presence", record("p2", "late", 1), 61);
    await vi.waitFor(() => expect(within(rowOf("Şule Yılmaz")).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true"));
  });

  it("reads the roster again for someone it did not list (a walk-in added on another device)", async () => {
    const stream = eventStream();
    let reads = 0;
    serve((path) => {
      if (path === "/api/sessions/s1/roster") {
        reads += 1;
        const answer = roster();
        if (reads > 2) answer.items.push({ participant: { id: "p9", name: "Sam Guest", external_ref: null }, record: record("p9", "late", 1) });
        return json(200, answer);
      }
      if (path === EVENTS) return stream.response();
      return json(404, {});
    });
    renderRoster();
    await loaded();
    await screen.findByText("Live: marks made elsewhere appear here as they happen.");
    await vi.waitFor(() => expect(reads).toBe(2)); // once more when the stream opened: nothing falls between

    stream.send("presence", record("p9", "late", 1), 70);

    expect(await within(screen.getByRole("list", { name: "Students" })).findByText("Sam Guest")).toBeInTheDocument();
  });
});
