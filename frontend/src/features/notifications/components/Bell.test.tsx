import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { Notification } from "@/features/notifications/api/list-notifications";
import { Bell } from "./Bell";

// The bell against a fake server at the edge (fetch), its live stream included. The real stack:
// e2e/notifications.spec.ts.

function notification(id: string, title: string, link: string | null, read = false): Notification {
  return { id, kind: "absent_in_a_row", title, body: `${title}.`, link, data: {}, created_at: "2026-12-07T09:00:00Z", read_at: read ? "2026-12-07T09:05:00Z" : null };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A server holding `items`; `push` sends an `event: notification` down the open stream. */
function serve(items: Notification[]) {
  let stream: ReadableStreamDefaultController<Uint8Array> | null = null;
  const opened = vi.fn();
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    if (path === "/api/events") {
      opened((init.headers as Record<string, string>).Authorization);
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (stream = controller) });
      return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "text/event-stream" } }));
    }
    if (path.startsWith("/api/notifications?")) {
      return Promise.resolve(json(200, { items, next_cursor: null, unread: items.filter((n) => n.read_at === null).length }));
    }
    const one = /^\/api\/notifications\/([^/]+)\/read$/.exec(path);
    if (one && init.method === "POST") {
      const found = items.find((n) => n.id === one[1]);
      if (found) found.read_at = "2026-12-07T10:00:00Z";
      return Promise.resolve(json(200, found));
    }
    if (path === "/api/notifications/read-all" && init.method === "POST") {
      for (const n of items) n.read_at ??= "2026-12-07T10:00:00Z";
      return Promise.resolve(json(200, { read: items.length }));
    }
    return Promise.resolve(json(404, { title: "Not found" }));
  });
  vi.stubGlobal("fetch", fetch);
  const push = (added: Notification) => {
    items.unshift(added);
    stream?.enqueue(new TextEncoder().encode(`event: notification\ndata: ${JSON.stringify(added)}\n\n`));
  };
  return { fetch, opened, push };
}

function renderBell() {
  const router = createMemoryRouter(
    [
      { path: "/", element: <Bell /> },
      { path: "/sessions/:id", element: <h1>The register</h1> },
    ],
    { initialEntries: ["/"] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("the bell", () => {
  it("shows how many are unread, and one more as soon as the stream tells of it", async () => {
    const server = serve([notification("n1", "Pupil 001 was absent 3 times in a row", "/participants/p1")]);
    renderBell();
    expect(await screen.findByRole("button", { name: "Notifications, 1 unread" })).toBeInTheDocument();
    expect(server.opened).toHaveBeenCalledWith("Bearer t");

    server.push(notification("n2", "7B Maths: the register has not been taken", "/sessions/s1"));
    expect(await screen.findByRole("button", { name: "Notifications, 2 unread" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("You have 2 unread notifications.");
  });

  it("lists them in a panel; marking one read, then all, clears the count", async () => {
    serve([
      notification("n1", "Pupil 001 was absent 3 times in a row", "/participants/p1"),
      notification("n2", "Pupil 002 was absent 3 times in a row", "/participants/p2"),
      notification("n3", "An older one", null, true),
    ]);
    renderBell();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Notifications, 2 unread" }));
    const panel = screen.getByRole("region", { name: "Notifications" });
    const items = within(panel).getAllByRole("listitem");
    expect(items).toHaveLength(3);
    const [first, , last] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(first).toHaveTextContent("New");
    expect(last).not.toHaveTextContent("New");
    expect(within(last).queryByRole("button")).toBeNull();

    await user.click(within(first).getByRole("button", { name: "Mark as read: Pupil 001 was absent 3 times in a row" }));
    expect(await screen.findByRole("button", { name: "Notifications, 1 unread" })).toBeInTheDocument();

    await user.click(within(panel).getByRole("button", { name: "Mark all as read" }));
    expect(await screen.findByRole("button", { name: "Notifications, none unread" })).toBeInTheDocument();
    expect(within(panel).queryByText("New")).toBeNull();
  });

  it("opens the screen a notification is about, marks it read and closes; Escape closes too", async () => {
    const server = serve([notification("n1", "7B Maths: the register has not been taken", "/sessions/s1")]);
    const router = renderBell();
    const user = userEvent.setup();
    const bell = await screen.findByRole("button", { name: "Notifications, 1 unread" });
    await user.click(bell);
    expect(bell).toHaveAttribute("aria-expanded", "true");
    await user.keyboard("{Escape}");
    expect(bell).toHaveAttribute("aria-expanded", "false");

    await user.click(bell);
    await user.click(screen.getByRole("link", { name: "7B Maths: the register has not been taken" }));
    expect(router.state.location.pathname).toBe("/sessions/s1");
    expect(server.fetch.mock.calls.some(([input, init]) => String(input) === "/api/notifications/n1/read" && init?.method === "POST")).toBe(true);
  });

  it("says so when there is nothing", async () => {
    serve([]);
    renderBell();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Notifications, none unread" }));
    expect(screen.getByText("Nothing yet. When something needs your attention, it is listed here.")).toBeInTheDocument();
  });
});
