import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/responses";
import { schoolTerms as school } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { Participant } from "@/features/participants/api/list-participants";
import { ParticipantData } from "./ParticipantData";

const aisha: Participant = {
  id: "p1",
  name: "Aisha Khan",
  external_ref: "B-101",
  email: "aisha@example.com",
  phone: null,
  attributes: {},
  is_active: true,
  created_at: "2026-11-01T09:00:00Z",
  has_pin: false,
  walk_in: false,
  erased_at: null,
};

function renderData() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ParticipantData participant={aisha} terms={school} />
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

describe("erasing a participant", () => {
  it("says what goes and what stays, asks for their name typed, then follows the erasure until every service is done", async () => {
    const answers = [
      json({ participant_id: "p1", erased: false, pending: ["sync", "reporting"], requested_at: "2026-12-07T10:00:00Z", completed_at: null }, 202),
      json({ participant_id: "p1", erased: true, pending: [], requested_at: "2026-12-07T10:00:00Z", completed_at: "2026-12-07T10:00:03Z" }),
    ];
    const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) => Promise.resolve(answers.length > 1 ? answers.shift()! : answers[0]!.clone()));
    vi.stubGlobal("fetch", fetch);
    renderData();
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Erase Aisha Khan…" }));
    const dialog = screen.getByRole("dialog", { name: "Erase Aisha Khan?" });
    expect(within(dialog).getByText(/Their name \(it becomes “Erased participant”\), reference, email, phone/)).toBeInTheDocument();
    expect(within(dialog).getByText(/The notes on their marks in lessons/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Their marks' states and times, so other people's registers/)).toBeInTheDocument();
    expect(within(dialog).getByText(/This cannot be undone/)).toBeInTheDocument();

    // Not without the name, typed exactly.
    await user.click(within(dialog).getByRole("button", { name: "Erase Aisha Khan for good" }));
    expect(within(dialog).getByText("Type Aisha Khan exactly as shown.")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Type their name, Aisha Khan, to confirm"), "aisha khan");
    await user.click(within(dialog).getByRole("button", { name: "Erase Aisha Khan for good" }));
    expect(within(dialog).getByText("Type Aisha Khan exactly as shown.")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(within(dialog).getByLabelText("Type their name, Aisha Khan, to confirm"));
    await user.type(within(dialog).getByLabelText("Type their name, Aisha Khan, to confirm"), " Aisha Khan ");
    await user.click(within(dialog).getByRole("button", { name: "Erase Aisha Khan for good" }));

    expect(await screen.findByText("Still erasing: offline changes, reports. It is retried until it is done.")).toBeInTheDocument();
    expect(screen.getByText(/Aisha Khan is erased here/)).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByText("Aisha Khan is erased everywhere: no personal data of theirs is left.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Erase / })).not.toBeInTheDocument();
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe("/api/participants/p1/erase");
    expect(init?.method).toBe("POST");
  });

  it("can be cancelled, and nothing is sent", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderData();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Erase Aisha Khan…" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("downloading a participant's data", () => {
  it("fetches the export with the login's token and saves it under the server's name", async () => {
    const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
      Promise.resolve(
        new Response(JSON.stringify({ participant: { id: "p1" } }), {
          status: 200,
          headers: { "Content-Type": "application/json", "Content-Disposition": 'attachment; filename="participant-p1.json"' },
        }),
      ),
    );
    vi.stubGlobal("fetch", fetch);
    const createObjectURL = vi.fn(() => "blob:export");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    renderData();
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Download their data" }));
    expect(await screen.findByText(/The file is downloaded\. It holds personal data/)).toBeInTheDocument();
    expect(saved).toEqual(["participant-p1.json"]);
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe("/api/participants/p1/export");
    expect(new Headers(init?.headers).get("Authorization")).toBe("Bearer t");
  });

  it("says why when the export is refused", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(json({ type: "about:blank", title: "Unavailable", status: 503, detail: "The sync service is unavailable, so the export would be incomplete; try again." }, 503))),
    );
    renderData();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Download their data" }));
    expect(await screen.findByText("The sync service is unavailable, so the export would be incomplete; try again.")).toBeInTheDocument();
  });
});
