import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Terminology } from "@/components/terminology";
import { useAuthSession, type Role } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import { NotificationSettingsPage } from "./NotificationSettingsPage";

// The settings against a fake server at the edge (fetch). The real stack: e2e/notifications.spec.ts.

const school: Terminology = {
  participant: "Student",
  participants: "Students",
  group: "Class",
  groups: "Classes",
  session: "Lesson",
  sessions: "Lessons",
  check_in: "Check in",
  check_out: "Check out",
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function serve() {
  const rules = { below_threshold: true, absent_in_a_row: 3, register_not_taken_after_minutes: 15, absent_to_contact: false, email: true };
  const email: Record<string, boolean> = { below_threshold: true, absent_in_a_row: true, report_ready: true };
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    if (path === "/api/notification-rules") {
      if (init.method === "PATCH") Object.assign(rules, body);
      return Promise.resolve(json(200, rules));
    }
    if (path === "/api/notification-preferences") {
      if (init.method === "PATCH") Object.assign(email, body.email);
      return Promise.resolve(json(200, { email }));
    }
    return Promise.resolve(json(404, { title: "Not found" }));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const sent = (fetch: ReturnType<typeof serve>, path: string) =>
  fetch.mock.calls.filter(([input, init]) => String(input) === path && init?.method === "PATCH").map(([, init]) => JSON.parse(String(init?.body)) as unknown);

function renderPage(role: Role) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter>
        <NotificationSettingsPage role={role} terms={school} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("the notification settings", () => {
  it("lets an administrator set the rules in the school's words, checking the numbers first", async () => {
    const fetch = serve();
    renderPage("admin");
    const user = userEvent.setup();
    const inARow = await screen.findByLabelText("How many in a row");
    expect(screen.getByLabelText("Tell managers and administrators about students absent several lessons in a row")).toBeChecked();
    expect(screen.getByLabelText("Tell the staff of lessons whose register is not taken in time")).toBeChecked();
    expect(screen.getByLabelText("Email the contact address of students marked absent")).not.toBeChecked();

    await user.clear(inARow);
    await user.type(inARow, "0");
    await user.click(screen.getByRole("button", { name: "Save the rules" }));
    expect(await screen.findByText("Enter a whole number from 1 to 100.")).toBeInTheDocument();
    expect(inARow).toHaveFocus();
    expect(sent(fetch, "/api/notification-rules")).toEqual([]);

    await user.clear(inARow);
    await user.type(inARow, "2");
    // Switched off, a rule's number is sent as null.
    await user.click(screen.getByLabelText("Tell the staff of lessons whose register is not taken in time"));
    expect(screen.queryByLabelText("Minutes after the start")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Save the rules" }));
    expect(await screen.findByText("The rules are saved.")).toBeInTheDocument();
    expect(sent(fetch, "/api/notification-rules")).toEqual([
      { below_threshold: true, absent_in_a_row: 2, register_not_taken_after_minutes: null, absent_to_contact: false, email: true },
    ]);
  });

  it("shows a manager the rules without a way to change them", async () => {
    serve();
    renderPage("manager");
    expect(await screen.findByText("Only an administrator can change these rules.")).toBeInTheDocument();
    expect(await screen.findByLabelText("How many in a row")).toBeDisabled();
    expect(screen.queryByRole("button", { name: "Save the rules" })).toBeNull();
  });

  it("lets anyone choose which kinds come by email, without the organization's rules", async () => {
    const fetch = serve();
    renderPage("frontline");
    const user = userEvent.setup();
    const kind = await screen.findByLabelText("Students whose attendance falls below the threshold");
    expect(screen.getByLabelText("Reports you asked for, when they are ready")).toBeChecked();
    expect(screen.queryByRole("heading", { name: "Who is told about what" })).toBeNull();
    await user.click(kind);
    await user.click(screen.getByRole("button", { name: "Save my choices" }));
    expect(await screen.findByText("Your choices are saved.")).toBeInTheDocument();
    expect(sent(fetch, "/api/notification-preferences")).toEqual([{ email: { below_threshold: false, absent_in_a_row: true, report_ready: true } }]);
    expect(fetch.mock.calls.some(([input]) => String(input) === "/api/notification-rules")).toBe(false);
  });
});
