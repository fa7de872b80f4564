import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { Participant } from "@/features/participants/api/list-participants";
import { ParticipantForm } from "./ParticipantForm";

const aisha: Participant = {
  id: "p1",
  name: "Aisha Khan",
  external_ref: "B-101",
  email: null,
  phone: null,
  attributes: {},
  is_active: true,
  created_at: "2026-11-01T09:00:00Z",
  has_pin: false,
  walk_in: false,
};

function serve() {
  const fetch = vi.fn((_input: RequestInfo | URL, init: RequestInit = {}) =>
    Promise.resolve(new Response(JSON.stringify({ ...aisha, ...(JSON.parse(String(init.body)) as object) }), { status: 200, headers: { "Content-Type": "application/json" } })),
  );
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderForm(participant: Participant, onDone = vi.fn()) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <ParticipantForm participant={participant} onDone={onDone} />
    </QueryClientProvider>,
  );
  return onDone;
}

const sent = (fetch: ReturnType<typeof serve>) => JSON.parse(String(fetch.mock.calls[0]![1]?.body)) as Record<string, unknown>;

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("a participant's kiosk PIN", () => {
  it("is set with 4 to 8 digits, and checked before it is sent", async () => {
    const fetch = serve();
    const onDone = renderForm(aisha);
    const user = userEvent.setup();
    expect(screen.getByText("No PIN: their badge alone checks them in and out at a kiosk.")).toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Set a PIN" }));
    await user.type(screen.getByLabelText("New PIN"), "12a4");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByText("Use 4 to 8 digits, nothing else.")).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("New PIN"));
    await user.type(screen.getByLabelText("New PIN"), "2468");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent(fetch)).toMatchObject({ pin: "2468" });
  });

  it("is kept unless changed, and can be removed", async () => {
    const fetch = serve();
    const onDone = renderForm({ ...aisha, has_pin: true });
    const user = userEvent.setup();
    expect(screen.getByText("A PIN is set: at a kiosk they type it after their badge.")).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Keep the PIN" })).toBeChecked();

    await user.click(screen.getByRole("radio", { name: "Remove the PIN" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent(fetch)).toMatchObject({ pin: null });
  });

  it("leaves the PIN out when it is not touched", async () => {
    const fetch = serve();
    const onDone = renderForm({ ...aisha, has_pin: true });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent(fetch)).not.toHaveProperty("pin");
  });
});
