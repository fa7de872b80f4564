import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import type { Delivery } from "@/features/webhooks/api/deliveries";
import type { Webhook } from "@/features/webhooks/api/webhooks";
import { WebhookDeliveriesPage } from "./WebhookDeliveriesPage";
import { WebhooksPage } from "./WebhooksPage";

// The webhook screens against a fake server at the edge (fetch). The real stack: e2e/notifications.spec.ts.

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });
}

const hook: Webhook = { id: "w1", url: "https://hooks.example.com/in", events: ["presence.recorded"], active: true, created_at: "2026-12-07T09:00:00Z" };

function delivery(id: string, status: string, extra: Partial<Delivery> = {}): Delivery {
  return { id, event: "presence.recorded", status, attempts: 1, response_status: null, next_attempt_at: null, last_error: null, delivered_at: null, created_at: "2026-12-07T09:00:00Z", ...extra };
}

function serve(webhooks: Webhook[], deliveries: Delivery[] = []) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(input);
    const body = init.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
    if (path === "/api/webhooks" && init.method === "POST") {
      if (String(body.url).includes("10.0.0.1")) {
        return Promise.resolve(json(422, { title: "Invalid input", status: 422, errors: [{ field: "url", message: "That address is inside a private network.", code: "private_address" }] }));
      }
      const made = { ...hook, id: "w2", url: String(body.url), events: body.events as Webhook["events"], active: true };
      webhooks.push(made);
      return Promise.resolve(json(201, { ...made, secret: "whsec_c2VjcmV0" }));
    }
    if (path.startsWith("/api/webhooks?")) return Promise.resolve(json(200, { items: webhooks, next_cursor: null }));
    if (path === "/api/webhooks/w1" && init.method === "PATCH") {
      Object.assign(webhooks[0]!, body);
      return Promise.resolve(json(200, webhooks[0]));
    }
    if (path === "/api/webhooks/w1") return Promise.resolve(json(200, webhooks[0]));
    if (path.startsWith("/api/webhooks/w1/deliveries?")) return Promise.resolve(json(200, { items: deliveries, next_cursor: null }));
    const again = /^\/api\/webhooks\/w1\/deliveries\/([^/]+)\/redeliver$/.exec(path);
    if (again) return Promise.resolve(json(202, delivery(again[1]!, "pending")));
    return Promise.resolve(json(404, { title: "Not found", status: 404 }));
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderIt(ui: React.ReactNode) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

describe("the webhooks", () => {
  it("adds one, says why an address is refused, and shows its secret once", async () => {
    serve([]);
    renderIt(<WebhooksPage />);
    const user = userEvent.setup();
    expect(await screen.findByText("No webhooks yet. Add one to tell another system when something happens.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add a webhook" }));
    const dialog = screen.getByRole("dialog", { name: "Add a webhook" });
    const url = within(dialog).getByLabelText("Address (URL)");
    await user.click(within(dialog).getByRole("button", { name: "Add a webhook" }));
    expect(url).toHaveFocus();
    expect(url).toHaveAttribute("aria-invalid", "true");

    await user.type(url, "http://10.0.0.1/in");
    await user.click(within(dialog).getByRole("button", { name: "Add a webhook" }));
    expect(await within(dialog).findByText(/inside a private network/)).toBeInTheDocument();

    await user.clear(url);
    await user.type(url, "https://hooks.example.com/new");
    await user.click(within(dialog).getByRole("button", { name: "Add a webhook" }));
    const added = await screen.findByRole("dialog", { name: "Webhook added" });
    expect(within(added).getByText("whsec_c2VjcmV0")).toBeInTheDocument();
    await user.click(within(added).getByRole("button", { name: "I have copied it" }));
    const card = await screen.findByRole("listitem", { name: "https://hooks.example.com/new" });
    expect(card).toHaveTextContent("A presence is recorded, A presence record is changed");
    expect(screen.queryByText("whsec_c2VjcmV0")).toBeNull();
  });

  it("turns one off", async () => {
    const fetch = serve([{ ...hook }]);
    renderIt(<WebhooksPage />);
    const user = userEvent.setup();
    const card = await screen.findByRole("listitem", { name: hook.url });
    await user.click(within(card).getByRole("button", { name: "Turn off" }));
    expect(await within(card).findByRole("button", { name: "Turn on" })).toBeInTheDocument();
    expect(card).toHaveTextContent("Status: Off");
    expect(fetch.mock.calls.some(([input, init]) => String(input) === "/api/webhooks/w1" && init?.method === "PATCH" && init.body === JSON.stringify({ active: false }))).toBe(true);
  });

  it("lists the deliveries with status, attempts, answer and next attempt, and sends a failed one again", async () => {
    const fetch = serve(
      [{ ...hook }],
      [
        delivery("d1", "pending", { attempts: 2, last_error: "Connection refused", next_attempt_at: "2026-12-07T09:01:00Z" }),
        delivery("d2", "delivered", { response_status: 200, delivered_at: "2026-12-07T09:00:01Z" }),
      ],
    );
    renderIt(<WebhookDeliveriesPage webhookId="w1" />);
    const user = userEvent.setup();
    expect(await screen.findByText(`Events sent to ${hook.url}, newest first.`)).toBeInTheDocument();
    const [waiting, delivered] = within(await screen.findByRole("list", { name: "Deliveries" })).getAllByRole("listitem") as [HTMLElement, HTMLElement];
    expect(waiting).toHaveTextContent("Waiting");
    expect(waiting).toHaveTextContent("Attempts2");
    expect(waiting).toHaveTextContent("No answer — Connection refused");
    expect(within(waiting).queryByRole("button")).toBeNull();
    expect(delivered).toHaveTextContent("Delivered");
    expect(delivered).toHaveTextContent("HTTP 200");
    expect(delivered).toHaveTextContent("Next attemptNone");
    await user.click(within(delivered).getByRole("button", { name: /^Send again/ }));
    expect(await screen.findByText("Sent again; follow it here.")).toBeInTheDocument();
    expect(fetch.mock.calls.some(([input, init]) => String(input) === "/api/webhooks/w1/deliveries/d2/redeliver" && init?.method === "POST")).toBe(true);
  });
});
