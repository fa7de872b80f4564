import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Terminology } from "@/components/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { KioskCandidate } from "./KioskForm";
import { KiosksPage } from "./KiosksPage";

const terms: Terminology = {
  participant: "Guest",
  participants: "Guests",
  group: "Event",
  groups: "Events",
  session: "Sitting",
  sessions: "Sittings",
  check_in: "Check in",
  check_out: "Check out",
};
const sessions: KioskCandidate[] = [
  { id: "s1", title: "Gala dinner", starts_at: "2026-11-27T18:00:00Z", ends_at: "2026-11-27T23:00:00Z", location: "Ballroom", status: "open", mode: "check_in_out" },
  { id: "s2", title: "Breakfast", starts_at: "2026-11-28T07:00:00Z", ends_at: "2026-11-28T10:00:00Z", location: null, status: "scheduled", mode: "self_check_in" },
];
const kiosk = {
  id: "k1",
  name: "Front desk",
  session_ids: ["s1"],
  sessions: [sessions[0]],
  expires_at: "2026-11-27T23:00:00Z",
  created_by: "u1",
  created_at: "2026-11-27T17:00:00Z",
  revoked_at: null,
  status: "active",
};

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

function serve(handler: (path: string, init: RequestInit) => Response) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderPage(onOpenKiosk = vi.fn()) {
  const router = createMemoryRouter([{ path: "/kiosks", element: <KiosksPage sessions={sessions} timeZone="Europe/London" terms={terms} onOpenKiosk={onOpenKiosk} /> }], {
    initialEntries: ["/kiosks"],
  });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return onOpenKiosk;
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("kiosks", { timeout: 20_000 }, () => {
  it("makes a kiosk for the chosen sittings, shows its key once and opens it on this device", async () => {
    let made = false;
    const fetch = serve((path, init) => {
      if (path.startsWith("/api/kiosks?")) return json(200, { items: made ? [kiosk] : [], next_cursor: null });
      if (path === "/api/kiosks" && init.method === "POST") {
        const body = JSON.parse(String(init.body)) as { session_ids: string[] };
        if (body.session_ids.includes("s2"))
          return json(422, { status: 422, title: "Invalid input", errors: [{ field: "session_ids.1", message: "This session is closed.", code: "not_open" }] });
        made = true;
        return json(201, { ...kiosk, token: "k1.secret.sig" });
      }
      return json(404, {});
    });
    const onOpenKiosk = renderPage();
    const user = userEvent.setup();
    expect(await screen.findByText("No kiosks yet.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "New kiosk" }));
    const dialog = screen.getByRole("dialog", { name: "New kiosk" });
    await user.type(within(dialog).getByLabelText("Name"), "Front desk");
    await user.click(within(dialog).getByLabelText(/^Gala dinner —/));
    await user.click(within(dialog).getByLabelText(/^Breakfast —/));
    await user.click(within(dialog).getByRole("button", { name: "Create the kiosk" }));
    // The refused sitting is named by its title, not by a field's name.
    expect(await within(dialog).findByText("Breakfast: This sitting is not open; choose one that is.")).toBeInTheDocument();
    expect(within(dialog).queryByText(/session_ids/)).not.toBeInTheDocument();

    await user.click(within(dialog).getByLabelText(/^Breakfast —/));
    await user.click(within(dialog).getByRole("button", { name: "Create the kiosk" }));
    const keyDialog = await screen.findByRole("dialog", { name: "Front desk is ready" });
    expect(within(keyDialog).getByLabelText("Kiosk key")).toHaveValue("k1.secret.sig");
    const posts = fetch.mock.calls.filter(([input, init]) => String(input) === "/api/kiosks" && init?.method === "POST");
    expect(JSON.parse(String(posts[1]![1]?.body))).toEqual({ name: "Front desk", session_ids: ["s1"] });
    expect(new Headers(posts[1]![1]?.headers).get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);

    await user.click(within(keyDialog).getByRole("button", { name: "Open the kiosk on this device" }));
    expect(onOpenKiosk).toHaveBeenCalledWith("k1.secret.sig");
  });

  it("lists kiosks with their sittings and status, their scans in words, and switches one off after asking", async () => {
    const fetch = serve((path, init) => {
      if (path.startsWith("/api/kiosks?")) return json(200, { items: [kiosk], next_cursor: null });
      if (path.startsWith("/api/kiosks/k1/attempts"))
        return json(200, {
          items: [
            { id: "a2", at: "2026-11-27T18:58:00Z", badge: "B-2", outcome: "wrong_pin", participant_id: "p2", participant_name: "Bruno Silva", session_id: null },
            { id: "a1", at: "2026-11-27T18:57:00Z", badge: "ZZZ", outcome: "unknown_badge", participant_id: null, participant_name: null, session_id: null },
          ],
          next_cursor: null,
        });
      if (path === "/api/kiosks/k1" && init.method === "DELETE") return json(204);
      return json(404, {});
    });
    renderPage();
    const user = userEvent.setup();

    const card = (await screen.findByRole("heading", { level: 2, name: /Front desk/ })).closest("li")!;
    expect(within(card).getByText("Working")).toBeInTheDocument();
    expect(within(card).getByText(/^Gala dinner — .* · Ballroom$/)).toBeInTheDocument();

    await user.click(within(card).getByRole("button", { name: "Scans at Front desk" }));
    const scans = screen.getByRole("dialog", { name: "Scans at Front desk" });
    expect(await within(scans).findByRole("cell", { name: "Wrong PIN" })).toBeInTheDocument();
    expect(within(scans).getByRole("cell", { name: "Bruno Silva" })).toBeInTheDocument();
    expect(within(scans).getByRole("cell", { name: "Badge not known" })).toBeInTheDocument();
    expect(within(scans).getByRole("cell", { name: "Nobody we know" })).toBeInTheDocument();
    await user.click(within(scans).getByRole("button", { name: "Close" }));

    await user.click(within(card).getByRole("button", { name: "Switch off Front desk" }));
    const confirm = screen.getByRole("dialog", { name: "Switch off Front desk?" });
    await user.click(within(confirm).getByRole("button", { name: "Switch it off" }));
    await vi.waitFor(() => expect(fetch.mock.calls.some(([input, init]) => String(input) === "/api/kiosks/k1" && init?.method === "DELETE")).toBe(true));
  });
});
