import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { SyncConflict } from "@/features/sync-conflicts/api/list-conflicts";
import { SyncConflictsPage } from "./SyncConflictsPage";
import type { ConflictState } from "./types";

// The conflict queue against a fake server at the edge (fetch). The real stack: e2e/offline.spec.ts.

const states: ConflictState[] = [
  { domain: "education", code: "present", label: "Present", color: "#1b7f3b", sort_order: 10, retired: false },
  { domain: "education", code: "late", label: "Late", color: "#b25e09", sort_order: 20, retired: false },
  { domain: "education", code: "absent", label: "Absent", color: "#b3261e", sort_order: 30, retired: false },
  { domain: "education", code: "truant", label: "Truant", color: "#000000", sort_order: 40, retired: true },
];

const THIS_DEVICE = "d0d0d0d0-1111-4000-8000-000000000000";

function conflict(
  id: string,
  participantId: string,
  server: { state: string; version: number } = { state: "absent", version: 1 },
  sessionId = "s1",
): SyncConflict {
  return {
    id,
    status: "open",
    session_id: sessionId,
    participant_id: participantId,
    server: {
      state: server.state,
      note: null,
      version: server.version,
      recorded_by: "u-fran",
      recorded_at: "2026-11-27T09:05:00Z",
      device_id: "aaaaaaaa-2222-4000-8000-000000000000",
      client_time: "2026-11-27T09:04:00Z",
      source: "offline_sync",
    },
    versions: [
      {
        id: `${id}-v1`,
        state: "late",
        note: "Bus was late",
        device_id: THIS_DEVICE,
        device_name: "Sam's phone",
        user_id: "u-sam",
        client_time: "2026-11-27T09:03:00Z",
        received_at: "2026-11-27T09:06:00Z",
        base_version: null,
        mutation_id: "m1",
        check_in_at: null,
        check_out_at: null,
      },
    ],
    resolution: null,
    created_at: "2026-11-27T09:06:00Z",
    resolved_at: null,
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

type Handler = (path: string, init: RequestInit) => Response | undefined;

/** The names every card looks up, and the queue as `open` says (of one session if asked); `handler` answers the rest. */
function serve(open: () => SyncConflict[], handler: Handler = () => undefined) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    const answer = handler(path, init);
    if (answer) return Promise.resolve(answer);
    if (path.startsWith("/api/admin/sync-conflicts?status=open")) {
      const session = new URLSearchParams(path.split("?")[1]).get("session_id");
      return Promise.resolve(json(200, { items: open().filter((c) => !session || c.session_id === session), next_cursor: null }));
    }
    if (path.startsWith("/api/users")) return Promise.resolve(json(200, { items: [{ id: "u-fran", full_name: "Fran Frontline" }, { id: "u-sam", full_name: "Sam Second" }], next_cursor: null }));
    if (path === "/api/participants/p1") return Promise.resolve(json(200, { id: "p1", name: "Łukasz Nowak", external_ref: null }));
    if (path === "/api/participants/p2") return Promise.resolve(json(200, { id: "p2", name: "Şule Yılmaz", external_ref: null }));
    if (path === "/api/sessions/s1") return Promise.resolve(json(200, { id: "s1", group_id: "g1", title: "Mathematics", starts_at: "2026-11-27T09:00:00Z", ends_at: "2026-11-27T10:00:00Z" }));
    if (path === "/api/sessions/s2") return Promise.resolve(json(200, { id: "s2", group_id: "g1", title: "Physics", starts_at: "2026-11-27T11:00:00Z", ends_at: "2026-11-27T12:00:00Z" }));
    if (path === "/api/groups/g1") return Promise.resolve(json(200, { id: "g1", name: "7B", domain: "education" }));
    return Promise.resolve(json(404, { title: "Not found" }));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderPage(role: "admin" | "manager" = "admin", path = "/admin/sync-conflicts") {
  const router = createMemoryRouter(
    [{ path: "/admin/sync-conflicts", element: <SyncConflictsPage role={role} timeZone="Europe/London" states={states} thisDevice={THIS_DEVICE} /> }],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const card = (name: string) => screen.findByRole("listitem", { name });
const posted = (fetch: ReturnType<typeof serve>, path: string) =>
  fetch.mock.calls.filter(([input, init]) => String(input) === path && init?.method === "POST").map(([, init]) => JSON.parse(String(init?.body)) as unknown);

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("the conflict queue", () => {
  it("shows the server's value and every device's version side by side, with who, device and both times", async () => {
    serve(() => [conflict("c1", "p1")]);
    renderPage();

    const item = await card("Łukasz Nowak");
    const server = within(item).getByRole("region", { name: "On the server (version 1)" });
    const device = within(item).getByRole("region", { name: "Device version 1 of 1" });
    expect(await within(item).findByText(/^Mathematics, /)).toBeInTheDocument();
    expect(server).toHaveTextContent("Absent");
    expect(await within(server).findByText("Fran Frontline")).toBeInTheDocument();
    expect(server).toHaveTextContent("Device aaaaaaaa");
    expect(server).toHaveTextContent("No note");
    expect(device).toHaveTextContent("Late");
    expect(device).toHaveTextContent("Bus was late");
    expect(device).toHaveTextContent("Sam Second");
    expect(device).toHaveTextContent("Sam's phone (this device)"); // by the name its user gave it
    for (const version of [server, device]) {
      expect(within(version).getByText("Device time")).toBeInTheDocument();
      expect(within(version).getByText("Server time")).toBeInTheDocument();
    }
    expect(within(device).getByText("Device time").nextElementSibling).toHaveTextContent(/9:03:00/);
    expect(within(device).getByText("Server time").nextElementSibling).toHaveTextContent(/9:06:00/);
    expect(within(server).getByRole("button", { name: "Keep the server's value" })).toBeInTheDocument();
    expect(within(device).getByRole("button", { name: "Use this version" })).toBeInTheDocument();
  });

  it("lets a manager read the queue but not settle it", async () => {
    serve(() => [conflict("c1", "p1")]);
    renderPage("manager");

    const item = await card("Łukasz Nowak");
    expect(within(item).getByRole("region", { name: "Device version 1 of 1" })).toHaveTextContent("Late");
    expect(within(item).queryByRole("button")).not.toBeInTheDocument();
    expect(await within(item).findByRole("link", { name: /^Only this session/ })).toBeInTheDocument();
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
  });

  it("takes a device's version, says so, and the settled conflict leaves the list", async () => {
    let open = [conflict("c1", "p1")];
    const fetch = serve(
      () => open,
      (path) => {
        if (path !== "/api/admin/sync-conflicts/c1/resolve") return undefined;
        open = [];
        return json(200, { ...conflict("c1", "p1"), status: "resolved" });
      },
    );
    renderPage();
    const user = userEvent.setup();
    const item = await card("Łukasz Nowak");

    await user.click(within(within(item).getByRole("region", { name: "Device version 1 of 1" })).getByRole("button", { name: "Use this version" }));

    // Said, and focus goes there: the card it was on has left.
    const said = await screen.findByText("Łukasz Nowak: Late stands; the conflict is settled.");
    await vi.waitFor(() => expect(said).toHaveFocus());
    expect(await screen.findByText("No open conflicts. Every change made offline went through.")).toBeInTheDocument();
    expect(posted(fetch, "/api/admin/sync-conflicts/c1/resolve")).toEqual([{ choice: "client", version_id: "c1-v1" }]);
  });

  it("records another value, asking for the state first and showing the server's field errors beside their fields", async () => {
    const fetch = serve(
      () => [conflict("c1", "p1")],
      (path) =>
        path === "/api/admin/sync-conflicts/c1/resolve"
          ? json(422, { title: "Invalid", status: 422, errors: [{ field: "state", message: "This state cannot be recorded by your role." }] })
          : undefined,
    );
    renderPage();
    const user = userEvent.setup();
    const item = await card("Łukasz Nowak");

    await user.click(within(item).getByRole("button", { name: "Record another value" }));
    await user.click(within(item).getByRole("button", { name: "Record this value" }));
    expect(within(item).getByLabelText("State to record")).toHaveAccessibleDescription("Choose the state to record.");
    expect(posted(fetch, "/api/admin/sync-conflicts/c1/resolve")).toEqual([]);

    // Retired states are not offered.
    expect(within(within(item).getByLabelText("State to record")).queryByRole("option", { name: "Truant" })).not.toBeInTheDocument();
    await user.selectOptions(within(item).getByLabelText("State to record"), "Present");
    await user.type(within(item).getByLabelText("Note (optional)"), "  Seen at 9:10  ");
    await user.click(within(item).getByRole("button", { name: "Record this value" }));

    const field = within(item).getByLabelText("State to record");
    await vi.waitFor(() => expect(field).toHaveAccessibleDescription("This state cannot be recorded by your role."));
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(posted(fetch, "/api/admin/sync-conflicts/c1/resolve")).toEqual([{ choice: "custom", state: "present", note: "Seen at 9:10" }]);
  });

  it("when the record moved on (409), says so and shows what the server holds now", async () => {
    let open = [conflict("c1", "p1")];
    serve(
      () => open,
      (path) => {
        if (path !== "/api/admin/sync-conflicts/c1/resolve") return undefined;
        open = [conflict("c1", "p1", { state: "present", version: 2 })];
        return json(409, { title: "Record changed", status: 409, detail: "The record changed since this conflict was shown; look again and choose." });
      },
    );
    renderPage();
    const user = userEvent.setup();
    const item = await card("Łukasz Nowak");

    await user.click(within(item).getByRole("button", { name: "Keep the server's value" }));

    expect(await within(item).findByRole("alert")).toHaveTextContent("The record changed since this conflict was shown; look again and choose.");
    const server = await within(item).findByRole("region", { name: "On the server (version 2)" });
    expect(server).toHaveTextContent("Present");
  });

  it("settles many at once and says how each went", async () => {
    let open = [conflict("c1", "p1"), conflict("c2", "p2")];
    const fetch = serve(
      () => open,
      (path) => {
        if (path !== "/api/admin/sync-conflicts/resolve") return undefined;
        open = [conflict("c2", "p2", { state: "present", version: 2 })];
        return json(200, {
          items: [
            { id: "c1", status: 200, conflict: { ...conflict("c1", "p1"), status: "resolved" } },
            { id: "c2", status: 409, problem: { title: "Record changed", status: 409, detail: "The record changed since this conflict was shown; look again and choose." } },
          ],
        });
      },
    );
    renderPage();
    const user = userEvent.setup();
    await card("Łukasz Nowak");
    await card("Şule Yılmaz");

    await user.click(screen.getByRole("checkbox", { name: "Select all shown" }));
    expect(screen.getByRole("checkbox", { name: "Select the conflict about Łukasz Nowak" })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Keep the server's values" }));

    expect(await screen.findByText("1 conflict settled. 1 could not be settled: The record changed since this conflict was shown; look again and choose.")).toBeInTheDocument();
    expect(posted(fetch, "/api/admin/sync-conflicts/resolve")).toEqual([{ ids: ["c1", "c2"], choice: "server" }]);
    await vi.waitFor(() => expect(screen.queryByRole("listitem", { name: "Łukasz Nowak" })).not.toBeInTheDocument());
    // The one not settled stays selected, to look at again.
    expect(screen.getByRole("checkbox", { name: "Select the conflict about Şule Yılmaz" })).toBeChecked();
  });

  it("narrows the list to a card's session, in the address, and shows all again", async () => {
    const fetch = serve(() => [conflict("c1", "p1"), conflict("c2", "p2", undefined, "s2")]);
    const router = renderPage();
    const user = userEvent.setup();
    await card("Łukasz Nowak");
    const other = await card("Şule Yılmaz");

    await user.click(await within(other).findByRole("link", { name: /^Only this session \(show only the conflicts of Physics, / }));

    expect(router.state.location.search).toBe("?session=s2");
    const line = await screen.findByText(/^Showing conflicts of Physics, /);
    await vi.waitFor(() => expect(line).toHaveFocus());
    expect(fetch.mock.calls.map(([input]) => String(input))).toContain("/api/admin/sync-conflicts?status=open&limit=50&session_id=s2");
    await vi.waitFor(() => expect(screen.queryByRole("listitem", { name: "Łukasz Nowak" })).not.toBeInTheDocument());
    expect(await card("Şule Yılmaz")).toBeInTheDocument();
    expect(within(await card("Şule Yılmaz")).queryByRole("link", { name: /^Only this session/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Show all" }));

    expect(router.state.location.search).toBe("");
    expect(await card("Łukasz Nowak")).toBeInTheDocument();
    expect(await card("Şule Yılmaz")).toBeInTheDocument();
    expect(screen.queryByText(/^Showing conflicts of/)).not.toBeInTheDocument();
    expect(screen.getByLabelText("Show")).toHaveFocus();

    // Back returns to the narrowed list.
    await router.navigate(-1);
    expect(await screen.findByText(/^Showing conflicts of Physics, /)).toBeInTheDocument();
  });

  it("selects and settles only what the narrowed list shows", async () => {
    const fetch = serve(
      () => [conflict("c1", "p1"), conflict("c2", "p2", undefined, "s2")],
      (path) => (path === "/api/admin/sync-conflicts/resolve" ? json(200, { items: [{ id: "c2", status: 200 }] }) : undefined),
    );
    renderPage();
    const user = userEvent.setup();
    await card("Łukasz Nowak");
    const other = await card("Şule Yılmaz");
    await user.click(screen.getByRole("checkbox", { name: "Select the conflict about Łukasz Nowak" }));

    // Narrowed, what was selected and is not shown is not acted on.
    await user.click(await within(other).findByRole("link", { name: /^Only this session/ }));
    await vi.waitFor(() => expect(screen.queryByRole("listitem", { name: "Łukasz Nowak" })).not.toBeInTheDocument());
    await card("Şule Yılmaz");
    expect(screen.getByRole("group", { name: "Settle the selected conflicts (0)" })).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: "Select all shown" }));
    await user.click(screen.getByRole("button", { name: "Keep the server's values" }));

    expect(await screen.findByText("1 conflict settled.")).toBeInTheDocument();
    expect(posted(fetch, "/api/admin/sync-conflicts/resolve")).toEqual([{ ids: ["c2"], choice: "server" }]);
  });
});
