import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/responses";
import { schoolTerms as school } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { WalkInPerson } from "@/features/walk-ins/api/list-walk-ins";
import { WalkInsPage } from "./WalkInsPage";

const walkIn = (id: string, name: string): WalkInPerson => ({
  id,
  name,
  external_ref: null,
  email: null,
  phone: null,
  attributes: {},
  is_active: true,
  created_at: "2026-12-01T09:00:00Z",
  has_pin: false,
  walk_in: true,
  erased_at: null,
});

// The name is said after the button's words from a visually hidden span (jsdom joins them without the space).
const KEEP_GITA = /^Keep as a new student\s*Gita Guest$/;

const problem = (status: number, detail: string) => json({ type: "about:blank", title: "Refused", status, detail }, status);

/** The walk-ins list as the server has it; a PATCH answers with `patched` (and, when it succeeds, the walk-in leaves the list). */
function fakeServer(people: WalkInPerson[], patched: (person: WalkInPerson) => Response) {
  let waiting = [...people];
  const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === "PATCH") {
      const id = decodeURIComponent(url.split("/").pop()!);
      const person = waiting.find((p) => p.id === id)!;
      const answer = patched(person);
      if (answer.ok) waiting = waiting.filter((p) => p.id !== id);
      return Promise.resolve(answer);
    }
    if (url.startsWith("/api/participants?")) return Promise.resolve(json({ items: waiting, next_cursor: null }));
    return Promise.resolve(problem(404, "Not found."));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderPage() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter>
        <WalkInsPage terms={school} timeZone="Europe/London" stateLabel={(code) => code} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("keeping a walk-in as a new participant", () => {
  it("says what it does, sends walk_in false once, and the walk-in leaves the list with a sentence and a link to their page", async () => {
    const fetch = fakeServer([walkIn("p-gita", "Gita Guest"), walkIn("p-robin", "Robin Guest")], (person) => json({ ...person, walk_in: false }));
    renderPage();
    const user = userEvent.setup();

    expect(screen.getByText(/If they are someone new, keep them as a new student: their marks stay theirs, and they leave this list\./)).toBeInTheDocument();
    expect(screen.queryByText(/Leave them here/)).toBeNull();
    const keep = await screen.findByRole("button", { name: KEEP_GITA });
    await user.dblClick(keep);

    const outcome = await screen.findByText("Gita Guest is now a student of their own, with their marks.", { exact: false });
    expect(within(outcome).getByRole("link", { name: "See Gita Guest's page" })).toHaveAttribute("href", "/participants/p-gita");
    // The card and its button are gone: the keyboard's focus is on the sentence.
    expect(outcome.closest("[role=status]")).toHaveFocus();
    expect(screen.queryByRole("heading", { name: "Gita Guest" })).toBeNull();
    expect(screen.getByRole("heading", { name: "Robin Guest" })).toBeInTheDocument();

    const patches = fetch.mock.calls.filter(([, init]) => init?.method === "PATCH");
    expect(patches).toHaveLength(1);
    const [url, init] = patches[0]!;
    expect(String(url)).toBe("/api/participants/p-gita");
    expect(JSON.parse(String(init?.body))).toEqual({ walk_in: false });
  });

  it("says why when it is refused, and the walk-in stays", async () => {
    fakeServer([walkIn("p-gita", "Gita Guest")], () => problem(404, "This participant does not exist any more."));
    renderPage();
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: KEEP_GITA }));

    expect(await screen.findByRole("alert")).toHaveTextContent("This participant does not exist any more.");
    expect(screen.getByRole("heading", { name: "Gita Guest" })).toBeInTheDocument();
    expect(screen.queryByText(/is now a student of their own/)).toBeNull();
  });
});
