import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession, type SessionUser } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import { AppProviders } from "./providers";
import { routes } from "./router";

// The whole app in memory, against a fake server at the edge (fetch). The real stack is covered
// by the Playwright tests in e2e/; these pin the client-side rules quickly.

const alex: SessionUser = {
  id: "u1",
  email: "admin@example.com",
  full_name: "Alex Admin",
  role: "admin",
  organization_id: "o1",
  participant_id: null,
};
const organization = {
  id: "o1",
  name: "Riverside School",
  timezone: "Europe/London",
  domains: ["education"],
  session_inactivity_minutes: 30,
  attendance_threshold_percent: 90,
};

function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

const problem = (status: number, detail: string, errors: { field: string; message: string }[] = []) =>
  json(status, { type: `https://omnipresence.example/problems/x`, title: "Problem", status, detail, errors });

type Handler = (path: string, init: RequestInit) => Response | Promise<Response>;

function serve(handler: Handler) {
  const fetch = vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => Promise.resolve(handler(String(input), init)));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/** A server with Alex signed in (token "good"), whose handler can be overridden per path. */
const signedInServer =
  (overrides: Record<string, Handler> = {}): Handler =>
  (path, init) => {
    const override = overrides[path];
    if (override) return override(path, init);
    const bearer = new Headers(init.headers).get("authorization");
    if (path === "/api/auth/login") return json(200, { access_token: "good", token_type: "bearer", expires_in: 900, refresh_token: "x", user: alex });
    if (bearer !== "Bearer good") return problem(401, "Authentication is required.");
    if (path === "/api/auth/me") return json(200, alex);
    if (path === "/api/organizations/current") return json(200, organization);
    if (path === "/api/auth/logout") return json(204, null);
    return problem(404, "No such resource.");
  };

function renderApp(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProviders queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedOut", accessToken: null, user: null, endedReason: null });
});

describe("sign-in", () => {
  it("is where a visitor without a session lands, with labelled fields and no session message", async () => {
    serve(signedInServer());
    const router = renderApp("/");

    expect(await screen.findByRole("heading", { name: "Sign in to Omnipresence" })).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("type", "email");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.queryByText("Your session has ended. Please sign in again.")).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/sign-in");
    await vi.waitFor(() => expect(document.title).toBe("Sign in · Omnipresence"));
  });

  it("says so when the session has ended", async () => {
    useAuthSession.setState({ endedReason: "ended" });
    serve(signedInServer());
    renderApp("/");

    const message = await screen.findByText("Your session has ended. Please sign in again.");
    expect(message).toHaveAttribute("role", "status");
  });

  it("shows the server's detail in an alert and stays on sign-in when refused", async () => {
    serve(signedInServer({ "/api/auth/login": () => problem(401, "The email or password is not right.") }));
    const router = renderApp("/sign-in");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "admin@example.com");
    await user.type(screen.getByLabelText("Password"), "wrong password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("The email or password is not right.");
    expect(screen.getByRole("alert")).toHaveFocus();
    expect(router.state.location.pathname).toBe("/sign-in");
  });

  it("puts field errors next to their fields", async () => {
    serve(
      signedInServer({
        "/api/auth/login": () =>
          problem(422, "Some fields are not valid.", [
            { field: "email", message: "Not an email address." },
            { field: "totp", message: "A code is required." },
          ]),
      }),
    );
    renderApp("/sign-in");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "not-an-email");
    await user.type(screen.getByLabelText("Password"), "whatever-it-is");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    const email = screen.getByLabelText("Email");
    await vi.waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription("Not an email address.");
    expect(email).toHaveFocus();
    expect(screen.getByLabelText("Password")).not.toHaveAttribute("aria-invalid");
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Some fields are not valid.");
    expect(alert).toHaveTextContent("A code is required."); // a field the form does not show
  });

  it("asks for missing fields before calling the server", async () => {
    const fetch = serve(signedInServer());
    renderApp("/sign-in");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Sign in" }));

    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email address.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("signs in and goes to the page the user wanted, in the signed-in frame", async () => {
    serve(signedInServer());
    const router = renderApp("/somewhere/else");
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("Email"), "admin@example.com");
    await user.type(screen.getByLabelText("Password"), "omnipresence-demo");
    await user.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/somewhere/else");
    const header = screen.getByRole("banner");
    expect(within(header).getByText("Alex Admin")).toBeInTheDocument();
    expect(within(header).getByText("Administrator")).toBeInTheDocument();
    expect(await within(header).findByText("Riverside School")).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByRole("main")).toBeInTheDocument();
    expect(useAuthSession.getState().accessToken).toBe("good");
    expect(localStorage.length).toBe(0);
  });
});

describe("signed in", () => {
  beforeEach(() => {
    useAuthSession.setState({ status: "signedIn", accessToken: "good", user: alex, endedReason: null });
  });

  it("welcomes the user by name with a line for their role", async () => {
    serve(signedInServer());
    renderApp("/");

    expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Alex Admin" })).toBeInTheDocument();
    expect(screen.getByText(/configure your organization/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Skip to main content" })).toBeInTheDocument();
    await vi.waitFor(() => expect(document.title).toBe("Home · Omnipresence"));
  });

  it("goes back to sign-in with the session-ended message when a call is refused and so is the refresh", async () => {
    serve(
      signedInServer({
        "/api/auth/me": () => problem(401, "Your session has ended."),
        "/api/auth/refresh": () => problem(401, "The login session is over."),
      }),
    );
    const router = renderApp("/");

    expect(await screen.findByText("Your session has ended. Please sign in again.")).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(useAuthSession.getState().accessToken).toBeNull();
  });

  it("signs out: ends the server session, forgets it here, and Back does not show the app", async () => {
    const fetch = serve(signedInServer());
    const router = renderApp("/");
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Sign out" }));

    expect(await screen.findByRole("heading", { name: "Sign in to Omnipresence" })).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith("/api/auth/logout", expect.objectContaining({ method: "POST", body: "{}" }));
    expect(screen.queryByText("Your session has ended. Please sign in again.")).not.toBeInTheDocument();
    expect(useAuthSession.getState().accessToken).toBeNull();

    await router.navigate(-1);
    expect(await screen.findByRole("heading", { name: "Sign in to Omnipresence" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(screen.queryByRole("button", { name: "Sign out" })).not.toBeInTheDocument();
  });
});
