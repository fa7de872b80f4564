import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/responses";
import { schoolTerms as school } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { OrganizationSettings } from "@/features/settings/api/organization-settings";
import { CloseOrganization } from "./CloseOrganization";
import { OrganizationExports } from "./OrganizationExports";
import { RetentionSettings } from "./RetentionSettings";

const org: OrganizationSettings = {
  id: "o1",
  name: "Sunny School",
  timezone: "Europe/London",
  domains: ["education"],
  session_inactivity_minutes: 30,
  attendance_threshold_percent: 90,
  require_admin_two_factor: false,
  presence_retention_days: null,
  report_retention_days: 30,
};

type Route = (url: string, init: RequestInit) => Response | undefined;

function serve(route: Route) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const answer = route(String(input), init);
    return answer ? Promise.resolve(answer) : Promise.reject(new Error(`unexpected ${init.method ?? "GET"} ${String(input)}`));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const sent = (fetch: ReturnType<typeof serve>, path: string, method: string) =>
  fetch.mock.calls.filter(([url, init]) => String(url) === path && (init?.method ?? "GET") === method).map(([, init]) => JSON.parse(String(init?.body)) as unknown);

function wrap(node: React.ReactNode) {
  render(<QueryClientProvider client={createQueryClient()}>{node}</QueryClientProvider>);
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const held: Route = (url) => {
  if (url === "/api/retention/presence")
    return json({ retention_days: null, sessions_held: 12, sessions_due: 0, sessions_purged: 0, oldest_held_session_ended_at: "2026-01-05T10:00:00Z", last_purged_at: null });
  if (url === "/api/retention/reports") return json({ retention_days: 30, reports_held: 3, reports_due: 1, oldest_held_completed_at: "2026-10-01T10:00:00Z" });
  return undefined;
};

describe("how long data is kept", () => {
  it("shows what is held, checks the days and saves both choices", async () => {
    const fetch = serve((url, init) => held(url, init) ?? (url === "/api/organizations/current" && init.method === "PATCH" ? json({ ...org, ...(JSON.parse(String(init.body)) as object) }) : undefined));
    wrap(<RetentionSettings organization={org} terms={school} timeZone="Europe/London" />);
    const user = userEvent.setup();

    expect(await screen.findByText(/Held now: records of 12 lessons; the oldest ended on/)).toBeInTheDocument();
    expect(await screen.findByText(/Held now: 3 reports; the oldest was made on .* The next run deletes 1 of them\./)).toBeInTheDocument();
    const records = screen.getByRole("group", { name: "Attendance records" });
    expect(within(records).getByRole("radio", { name: "Keep them for ever" })).toBeChecked();
    const reports = screen.getByRole("group", { name: "Report files" });
    expect(within(reports).getByLabelText("Days")).toHaveValue(30);

    await user.click(within(records).getByRole("radio", { name: "Delete them a number of days after their lesson ended" }));
    const days = within(records).getByLabelText("Days");
    await user.clear(days);
    await user.type(days, "0");
    await user.click(screen.getByRole("button", { name: "Save how long data is kept" }));
    expect(within(records).getByText("Enter a whole number of days from 1 to 36,500.")).toBeInTheDocument();
    expect(days).toHaveFocus();
    expect(sent(fetch, "/api/organizations/current", "PATCH")).toEqual([]);

    await user.clear(days);
    await user.type(days, "400");
    await user.click(within(reports).getByRole("radio", { name: "Keep them for ever" }));
    await user.click(screen.getByRole("button", { name: "Save how long data is kept" }));
    expect(await screen.findByText("Saved. The next run follows the new choice.")).toBeInTheDocument();
    expect(sent(fetch, "/api/organizations/current", "PATCH")).toEqual([{ presence_retention_days: 400, report_retention_days: null }]);
  });

  it("puts the server's refusal beside its field", async () => {
    serve(
      (url, init) =>
        held(url, init) ??
        (init.method === "PATCH"
          ? json({ type: "about:blank", title: "Invalid", status: 422, detail: "Invalid", errors: [{ field: "report_retention_days", message: "Input should be less than or equal to 36500", code: "out_of_range" }] }, 422)
          : undefined),
    );
    wrap(<RetentionSettings organization={org} terms={school} timeZone="Europe/London" />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Save how long data is kept" }));
    const reports = screen.getByRole("group", { name: "Report files" });
    expect(await within(reports).findByText("This is outside what is allowed; choose a value within the range.")).toBeInTheDocument();
  });
});

describe("exporting the organization", () => {
  it("starts an export, shows its progress, then offers the download until it expires", async () => {
    let jobs: unknown[] = [
      { id: "e0", status: "completed", progress: 100, error: null, created_at: "2026-11-01T09:00:00Z", completed_at: "2026-11-01T09:01:00Z", expires_at: "2026-11-08T09:01:00Z", expired: true, file_name: null, size_bytes: null },
    ];
    const fetch = serve((url, init) => {
      if (url.startsWith("/api/organizations/current/exports?")) return json({ items: jobs, next_cursor: null });
      if (url === "/api/organizations/current/export" && init.method === "POST") {
        jobs = [{ id: "e1", status: "running", progress: 40, error: null, created_at: "2026-12-07T09:00:00Z", completed_at: null, expires_at: null, expired: false, file_name: null, size_bytes: null }, ...jobs];
        return json({ id: "e1", status: "queued" }, 202);
      }
      return undefined;
    });
    wrap(<OrganizationExports timeZone="Europe/London" />);
    const user = userEvent.setup();

    const list = await screen.findByRole("list", { name: "Exports" });
    expect(within(list).getByText(/Deleted on .*: it can no longer be downloaded\./)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Export everything" }));
    expect(await screen.findByText("Being made: 40% done.")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: /Progress of the export asked for on/ })).toHaveAttribute("value", "40");
    const start = screen.getByRole("button", { name: "Export everything" });
    expect(start).toHaveAttribute("aria-disabled", "true");
    expect(start).toHaveAccessibleDescription("An export is being made…");
    expect(sent(fetch, "/api/organizations/current/export", "POST")).toEqual([{}]);

    jobs = [{ ...(jobs[0] as object), status: "completed", progress: 100, completed_at: "2026-12-07T09:02:00Z", expires_at: "2026-12-14T09:02:00Z", size_bytes: 2_400_000, file_name: "export.zip" }, jobs[1]];
    expect(await screen.findByText(/Ready, 2\.4 MB\. Can be downloaded until/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Download the ZIP\s*Export asked for on/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Export everything" })).not.toHaveAttribute("aria-disabled");
  });
});

describe("closing the organization", () => {
  it("says what happens, wants the name typed, then tells when the data goes and signs out", async () => {
    const fetch = serve((url, init) =>
      url === "/api/organizations/current/close" && init.method === "POST"
        ? json({ id: "o1", name: "Sunny School", closed_at: "2026-12-07T10:00:00Z", purge_at: "2027-01-06T10:00:00Z" })
        : undefined,
    );
    const onClosed = vi.fn();
    wrap(<CloseOrganization organization={org} timeZone="Europe/London" onClosed={onClosed} />);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Close Sunny School…" }));
    const dialog = screen.getByRole("dialog", { name: "Close Sunny School?" });
    expect(within(dialog).getByText("Everyone is signed out at once, you too, and kiosks stop working.")).toBeInTheDocument();
    expect(within(dialog).getByText(/It cannot be reopened/)).toBeInTheDocument();
    const field = within(dialog).getByLabelText("Type the organization's name, Sunny School, to confirm");
    await user.type(field, "sunny school");
    await user.click(within(dialog).getByRole("button", { name: "Close Sunny School for good" }));
    expect(within(dialog).getByText("Type Sunny School exactly as shown.")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(field);
    await user.type(field, "Sunny School ");
    await user.click(within(dialog).getByRole("button", { name: "Close Sunny School for good" }));
    const done = await screen.findByRole("dialog", { name: "Sunny School is closed" });
    expect(within(done).getByText(/Its data will be deleted on .*2027/)).toBeInTheDocument();
    expect(sent(fetch, "/api/organizations/current/close", "POST")).toEqual([{ confirm: "Sunny School" }]);
    await user.click(within(done).getByRole("button", { name: "Go to the sign-in page" }));
    expect(onClosed).toHaveBeenCalledOnce();
  });

  it("shows the server's refusal of the name beside the field", async () => {
    serve(() => json({ type: "about:blank", title: "Invalid", status: 422, detail: "Invalid", errors: [{ field: "confirm", message: "The confirmation does not match the organization's name.", code: "mismatch" }] }, 422));
    wrap(<CloseOrganization organization={org} timeZone="Europe/London" onClosed={vi.fn()} />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Close Sunny School…" }));
    const dialog = screen.getByRole("dialog", { name: "Close Sunny School?" });
    await user.type(within(dialog).getByLabelText(/to confirm/), "Sunny School");
    await user.click(within(dialog).getByRole("button", { name: "Close Sunny School for good" }));
    expect(await within(dialog).findByText("This does not match; type it exactly as shown.")).toBeInTheDocument();
  });
});
