import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "@/lib/query-client";
import { readKioskToken, saveKioskToken } from "@/features/kiosk/stores/kiosk-token";
import { KioskPage } from "./KioskPage";

// The kiosk at the door against a fake server at the edge (fetch): it sends only its own key,
// asks for a PIN when the answer names one, and is ready for the next person after each answer.

const info = {
  id: "k1",
  name: "Front desk",
  expires_at: "2026-11-27T23:00:00Z",
  sessions: [{ id: "s1", title: "Gala dinner", starts_at: "2026-11-27T18:00:00Z", ends_at: "2026-11-27T23:00:00Z", status: "open", mode: "check_in_out", location: "Ballroom" }],
  terminology: { participant: "Guest", participants: "Guests", group: "Event", groups: "Events", session: "Sitting", sessions: "Sittings", check_in: "Check in", check_out: "Check out" },
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers } });
}

function serve(handler: (path: string, init: RequestInit) => Response) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const record = (extra: Record<string, unknown>) => ({ id: "r1", session_id: "s1", participant_id: "p1", state: "checked_in", note: null, version: 1, source: "kiosk", recorded_by: null, recorded_at: "2026-11-27T18:57:00Z", check_in_at: null, check_out_at: null, duration_minutes: null, client_time: null, device_id: null, ...extra });

function renderKiosk() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <KioskPage />
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  localStorage.clear();
});

describe("the kiosk", () => {
  it("without a key, asks for one and keeps it on this device once it works", async () => {
    const fetch = serve((path, init) => {
      const auth = new Headers(init.headers).get("Authorization");
      if (path === "/api/kiosk") return auth === "Kiosk k1.good.sig" ? json(200, info) : json(401, { status: 401, detail: "no" });
      return json(404, {});
    });
    renderKiosk();
    const user = userEvent.setup();

    expect(screen.getByRole("heading", { level: 1, name: "Set up this kiosk" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Kiosk key"), "k1.bad.sig");
    await user.click(screen.getByRole("button", { name: "Start the kiosk" }));
    expect(await screen.findByText("That key does not work: it is not right, or the kiosk has been switched off or has expired.")).toBeInTheDocument();
    expect(readKioskToken()).toBeNull();

    await user.clear(screen.getByLabelText("Kiosk key"));
    await user.type(screen.getByLabelText("Kiosk key"), " k1.good.sig ");
    await user.click(screen.getByRole("button", { name: "Start the kiosk" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Front desk" })).toBeInTheDocument();
    expect(readKioskToken()).toBe("k1.good.sig");
    // Never anyone's login: no Bearer token, no cookies.
    for (const [, init] of fetch.mock.calls) {
      expect(new Headers(init?.headers).get("Authorization")).toMatch(/^Kiosk /);
      expect(init?.credentials).toBe("omit");
    }
  });

  it("checks a guest in by badge, asks for the PIN when needed, and is ready for the next person", async () => {
    saveKioskToken("k1.good.sig");
    const scans: Record<string, unknown>[] = [];
    serve((path, init) => {
      if (path === "/api/kiosk") return json(200, info);
      if (path === "/api/kiosk/scan") {
        const body = JSON.parse(String(init.body)) as { badge: string; pin?: string };
        scans.push(body);
        if (body.badge === "B-1") return json(200, { action: "checked_in", participant: { id: "p1", name: "Aisha Khan" }, record: record({ check_in_at: "2026-11-27T18:57:00Z" }), session: { id: "s1", title: "Gala dinner" } });
        if (body.badge === "B-2") {
          if (body.pin === "2468")
            return json(200, {
              action: "checked_out",
              participant: { id: "p2", name: "Bruno Silva" },
              record: record({ participant_id: "p2", check_in_at: "2026-11-27T16:00:00Z", check_out_at: "2026-11-27T22:12:00Z", duration_minutes: 372 }),
              session: { id: "s1", title: "Gala dinner" },
            });
          return json(422, { status: 422, title: "Invalid input", errors: [{ field: "pin", message: body.pin ? "That PIN is not right; try again." : "Enter your PIN.", code: "wrong_pin" }] });
        }
        return json(404, { status: 404, title: "Not Found", detail: "We don't know that badge.", code: "unknown_badge" });
      }
      return json(404, {});
    });
    renderKiosk();
    const user = userEvent.setup();

    expect(await screen.findByRole("heading", { level: 1, name: "Front desk" })).toBeInTheDocument();
    expect(screen.getByText(/Gala dinner · .* · Ballroom · Open/)).toBeInTheDocument();
    const badge = screen.getByLabelText("Your badge or number");
    expect(badge).toHaveFocus();

    // A barcode scanner types the badge and presses Enter.
    await user.keyboard("B-1{Enter}");
    expect(await screen.findByText(/^Welcome, Aisha — checked in/)).toBeInTheDocument();
    expect(badge).toHaveValue("");
    expect(badge).toHaveFocus();

    await user.keyboard("B-2{Enter}");
    expect(await screen.findByText("Enter your PIN")).toBeInTheDocument();
    const pin = screen.getByLabelText("Your PIN");
    expect(pin).toHaveFocus();
    await user.keyboard("1111{Enter}");
    expect(await screen.findByText("Wrong PIN — try again")).toBeInTheDocument();
    expect(pin).toHaveValue("");
    expect(pin).toHaveFocus();
    await user.keyboard("2468{Enter}");
    expect(await screen.findByText("Goodbye, Bruno — 6 h 12 min")).toBeInTheDocument();
    expect(screen.queryByLabelText("Your PIN")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Your badge or number")).toHaveFocus();

    await user.keyboard("NOPE{Enter}");
    expect(await screen.findByText("We don't know that badge")).toBeInTheDocument();
    expect(scans).toEqual([{ badge: "B-1" }, { badge: "B-2" }, { badge: "B-2", pin: "1111" }, { badge: "B-2", pin: "2468" }, { badge: "NOPE" }]);
  });

  it("once switched off, forgets its key and says so", async () => {
    saveKioskToken("k1.good.sig");
    let revoked = false;
    serve((path) => {
      if (path === "/api/kiosk") return revoked ? json(401, { status: 401, detail: "off" }) : json(200, info);
      if (path === "/api/kiosk/scan") return json(401, { status: 401, detail: "off" });
      return json(404, {});
    });
    renderKiosk();
    const user = userEvent.setup();
    await screen.findByRole("heading", { level: 1, name: "Front desk" });
    revoked = true;

    await user.keyboard("B-1{Enter}");

    expect(await screen.findByRole("heading", { level: 1, name: "Set up this kiosk" })).toBeInTheDocument();
    expect(screen.getByText("This kiosk has been switched off. To use it again, set it up with a new key.")).toBeInTheDocument();
    expect(readKioskToken()).toBeNull();
  });
});
