import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { schoolTerms } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { formatTime } from "@/lib/intl";
import { createQueryClient } from "@/lib/query-client";
import { CheckInCodePage } from "./CheckInCodePage";
import { SelfCheckInPage, type SelfCheckInState } from "./SelfCheckInPage";

// The participant's check-in and the staff's code screen, against a fake server at the edge
// (fetch). The real stack is covered by e2e/self-check-in.spec.ts.

const terms = schoolTerms;
const states: SelfCheckInState[] = [
  { code: "present", label: "Present", category: "present" },
  { code: "late", label: "Late", category: "late" },
];

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers } });
}

function serve(handler: (path: string, init: RequestInit) => Response | Promise<Response>) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderAt(path: string, element: React.ReactNode, route: string) {
  const router = createMemoryRouter([{ path: route, element }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const answer = (extra: Record<string, unknown> = {}) => ({
  id: "r1",
  session_id: "s1",
  participant_id: "p1",
  state: "present",
  note: null,
  version: 1,
  source: "self_check_in",
  recorded_by: "u-eli",
  recorded_at: "2026-11-27T09:02:00Z",
  check_in_at: "2026-11-27T09:02:00Z",
  check_out_at: null,
  duration_minutes: null,
  client_time: null,
  device_id: null,
  late: false,
  session: { id: "s1", title: "Maths", starts_at: "2026-11-27T09:00:00Z", ends_at: "2026-11-27T10:00:00Z", location: null },
  ...extra,
});

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a participant checks themselves in", () => {
  it("arriving from the QR code, sends its code at once and says so in plain words", async () => {
    const fetch = serve((path) => (path === "/api/presence/self-check-in" ? json(201, answer()) : json(404, {})));
    const router = renderAt("/check-in?code=ab3k7q", <SelfCheckInPage states={states} timeZone="Europe/London" terms={terms} />, "/check-in");

    expect(await screen.findByText(`You're checked in to Maths at ${formatTime(new Date("2026-11-27T09:02:00Z"), "Europe/London")}.`)).toBeInTheDocument();
    const calls = fetch.mock.calls.filter(([input]) => String(input) === "/api/presence/self-check-in");
    expect(calls.map(([, init]) => JSON.parse(String(init?.body)))).toEqual([{ code: "AB3K7Q" }]);
    // The code leaves the address: a reload does not send it again.
    expect(router.state.location.search).toBe("");
  });

  it("takes a typed code whatever its capitals and spaces, and tells a late check-in", async () => {
    const fetch = serve((path) => (path === "/api/presence/self-check-in" ? json(201, answer({ state: "late", late: true, check_in_at: "2026-11-27T09:12:00Z" })) : json(404, {})));
    renderAt("/check-in", <SelfCheckInPage states={states} timeZone="Europe/London" terms={terms} />, "/check-in");
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("Check-in code"), "ab3 k7q");
    await user.click(screen.getByRole("button", { name: "Check in" }));

    expect(await screen.findByText(`You're checked in to Maths at ${formatTime(new Date("2026-11-27T09:12:00Z"), "Europe/London")}: late.`)).toBeInTheDocument();
    expect(JSON.parse(String(fetch.mock.calls[0]![1]?.body))).toEqual({ code: "AB3K7Q" });
    expect(screen.getByLabelText("Check-in code")).toHaveValue("");
  });

  it("says what to do about a wrong code, a code of another lesson, and too many tries", async () => {
    let reply = json(422, { status: 422, title: "Invalid input", errors: [{ field: "code", message: "Unknown or expired code.", code: "wrong_code" }] });
    serve(() => reply);
    renderAt("/check-in", <SelfCheckInPage states={states} timeZone="Europe/London" terms={terms} />, "/check-in");
    const user = userEvent.setup();
    const field = screen.getByLabelText("Check-in code");

    await user.type(field, "ZZZZZZ");
    await user.click(screen.getByRole("button", { name: "Check in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That code is not right or has expired. Type the code on the screen now.");
    expect(screen.getByRole("alert")).not.toHaveTextContent("wrong_code");

    reply = json(422, { status: 422, title: "Invalid input", errors: [{ field: "code", message: "Not a member.", code: "not_a_member" }] });
    await user.click(screen.getByRole("button", { name: "Check in" }));
    expect(await screen.findByText("You're not on the list for this lesson. Ask a member of staff.")).toBeInTheDocument();

    reply = json(429, { status: 429, title: "Too many requests", detail: "Too many requests; try again later." }, { "Retry-After": "540" });
    await user.click(screen.getByRole("button", { name: "Check in" }));
    expect(await screen.findByText("Too many tries: wait 9 minutes, then type the code on the screen.")).toBeInTheDocument();
  });

  it("checks the code's length before sending it", async () => {
    const fetch = serve(() => json(404, {}));
    renderAt("/check-in", <SelfCheckInPage states={states} timeZone="Europe/London" terms={terms} />, "/check-in");
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Check-in code"), "AB3");
    await user.click(screen.getByRole("button", { name: "Check in" }));
    expect(screen.getByText("The code has 6 letters and digits: check what you typed.")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the check-in code screen", () => {
  const code = (value: string, expires: string) => ({
    session_id: "s1",
    code: value,
    qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
    url: "https://omni.example.org/check-in?code=" + value,
    expires_at: expires,
    rotates_every_s: 30,
    grace_s: 10,
  });

  it("shows the QR code and the code, and asks for the next one as the step turns, in the background", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: new Date("2026-11-27T09:00:10Z") });
    const answers = [code("AB3K7Q", "2026-11-27T09:00:40Z"), code("XY7P2M", "2026-11-27T09:01:10Z")];
    const fetch = serve((path) => (path === "/api/sessions/s1/check-in-code" ? json(200, answers.shift()) : json(404, {})));
    renderAt("/sessions/s1/check-in-code", <CheckInCodePage sessionId="s1" title="Maths" terms={terms} />, "/sessions/:id/check-in-code");

    expect(await screen.findByRole("heading", { level: 1, name: "Check in to Maths" })).toBeInTheDocument();
    expect(await screen.findByText("A B 3 K 7 Q")).toBeInTheDocument();
    const qr = screen.getByRole("img", { name: /QR code to check in/ });
    expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(screen.getByText("Scan the QR code with your phone, or go to omni.example.org/check-in and type this code:")).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(new Headers(fetch.mock.calls[0]![1]?.headers).get("X-Omni-Background")).toBeNull();

    // The step ends at 09:00:30: the next code is asked for just after, not at 09:00:40.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(20_000);
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_000);
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(new Headers(fetch.mock.calls[1]![1]?.headers).get("X-Omni-Background")).toBe("1");
    expect(await screen.findByText("X Y 7 P 2 M")).toBeInTheDocument();
  });

  it("says plainly when the session is not open for self check-in, and stops asking", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetch = serve(() => json(409, { status: 409, title: "Conflict", detail: "The session is not open for self check-in." }));
    renderAt("/sessions/s1/check-in-code", <CheckInCodePage sessionId="s1" title="Maths" terms={terms} />, "/sessions/:id/check-in-code");

    expect(await screen.findByText("This lesson is not open for self check-in, so there is no code to show.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Back to the lesson" })).toHaveAttribute("href", "/sessions/s1");
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
