import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/responses";
import { schoolTerms as school } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import { MyAttendancePage } from "./MyAttendancePage";

/** The page's own questions answered; the export as `exported` says, once `release` is called. */
function fakeServer(exported: () => Response) {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const fetch = vi.fn((input: RequestInfo | URL, _init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith("/api/stats/attendance")) return Promise.resolve(json({ items: [] }));
    if (url.endsWith("/export")) return held.then(exported);
    return Promise.resolve(json({ type: "about:blank", title: "Not found", status: 404 }, 404));
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, release: () => release() };
}

function renderPage(participantId: string | null) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter>
        <MyAttendancePage terms={school} today="2026-12-07" threshold={90} participantId={participantId} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("a participant downloading their own data", () => {
  it("says what the file holds, fetches their own export once with their login, and saves it under the server's name", async () => {
    const server = fakeServer(
      () =>
        new Response(JSON.stringify({ participant: { id: "p1", name: "Eli Evans" } }), {
          status: 200,
          headers: { "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="participant-p1.json"' },
        }),
    );
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:export"), revokeObjectURL: vi.fn() }));
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderPage("p1");
    const user = userEvent.setup();

    expect(screen.getByRole("heading", { level: 2, name: "Your data" })).toBeInTheDocument();
    expect(screen.getByText(/everything held about you: your details, your classes, every mark in your lessons with how it came about, your absence requests/)).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Download my data" });
    await user.click(button);
    // While the file is prepared the button says so, keeps the focus, and a second press sends nothing.
    expect(screen.getByText("Preparing the file…")).toBeInTheDocument();
    expect(button).toHaveFocus();
    await user.click(button);
    server.release();

    expect(await screen.findByText("The file is downloaded. It holds your personal data: keep it somewhere safe.")).toBeInTheDocument();
    expect(saved).toEqual(["participant-p1.json"]);
    const exports = server.fetch.mock.calls.filter(([url]) => String(url).endsWith("/export"));
    expect(exports).toHaveLength(1);
    const [url, init] = exports[0]!;
    expect(String(url)).toBe("/api/participants/p1/export");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer t");
  });

  it("says why when the export is refused", async () => {
    const server = fakeServer(() =>
      json({ type: "about:blank", title: "Unavailable", status: 503, detail: "The sync service is unavailable, so the export would be incomplete; try again." }, 503),
    );
    server.release();
    renderPage("p1");
    await userEvent.setup().click(screen.getByRole("button", { name: "Download my data" }));
    expect(await screen.findByText("The sync service is unavailable, so the export would be incomplete; try again.")).toBeInTheDocument();
    expect(screen.queryByText(/The file is downloaded/)).toBeNull();
  });

  it("is not offered to a login that is no participant", () => {
    fakeServer(() => json({}));
    renderPage(null);
    expect(screen.queryByRole("button", { name: "Download my data" })).toBeNull();
  });
});
