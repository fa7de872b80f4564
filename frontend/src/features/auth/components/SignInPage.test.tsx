import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import { SignInPage } from "./SignInPage";

const user = { id: "u1", email: "ada@example.com", full_name: "Ada", role: "admin", organization_id: "o1", participant_id: null };
const tokens = { access_token: "good", token_type: "bearer", expires_in: 300, refresh_token: "x", user };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

const problem = (status: number, slug: string, detail: string, extra: Record<string, unknown> = {}) =>
  json(status, { type: `https://omnipresence.dev/problems/${slug}`, title: "Problem", status, detail, ...extra });

function renderSignIn(state?: unknown) {
  const router = createMemoryRouter(
    [
      { path: "/sign-in", element: <SignInPage /> },
      { path: "/", element: <p>Home</p> },
    ],
    { initialEntries: [{ pathname: "/sign-in", state }] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

async function fillCredentials() {
  const u = userEvent.setup({ delay: null });
  await u.type(screen.getByLabelText("Email"), "ada@example.com");
  await u.type(screen.getByLabelText("Password"), "a-good-password");
  await u.click(screen.getByRole("button", { name: "Sign in" }));
  return u;
}

beforeEach(() => {
  useAuthSession.setState({ status: "signedOut", accessToken: null, user: null, endedReason: null });
});

describe("sign-in with two-factor", () => {
  it("asks for the code after the password, then signs in with it", async () => {
    const bodies: Record<string, unknown>[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn((_path: string, init: RequestInit) => {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        bodies.push(body);
        if (!body.totp) return Promise.resolve(problem(401, "two-factor-required", "Enter the 6-digit code."));
        if (body.totp !== "123456") return Promise.resolve(problem(401, "two-factor-invalid", "That code is not right."));
        return Promise.resolve(json(200, tokens));
      }),
    );
    const router = renderSignIn();
    const u = await fillCredentials();

    const code = await screen.findByLabelText("Authentication code");
    expect(code).toHaveFocus();
    expect(screen.getByText("Enter the 6-digit code.")).toHaveAttribute("role", "status");

    await u.type(code, "000000");
    await u.click(screen.getByRole("button", { name: "Sign in" }));
    await vi.waitFor(() => expect(screen.getByLabelText("Authentication code")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByLabelText("Authentication code")).toHaveAccessibleDescription(/That code is not right\./);

    await u.clear(screen.getByLabelText("Authentication code"));
    await u.type(screen.getByLabelText("Authentication code"), "123456");
    await u.click(screen.getByRole("button", { name: "Sign in" }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(bodies.at(-1)).toEqual({ email: "ada@example.com", password: "a-good-password", totp: "123456" });
    expect(useAuthSession.getState().accessToken).toBe("good");
  }, 20_000);

  it("walks an administrator through enrolment and shows the recovery codes before the session starts", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn((path: string) => {
        if (path === "/api/auth/login")
          return Promise.resolve(
            problem(403, "two-factor-enrolment-required", "Set it up.", {
              enrolment_token: "enrol-1",
              secret: "JBSWY3DPEHPK3PXP",
              otpauth_uri: "otpauth://totp/x",
              qr_code: "data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C%2Fsvg%3E",
            }),
          );
        return Promise.resolve(json(200, { ...tokens, recovery_codes: ["AAAAA-BBBBB", "CCCCC-DDDDD"] }));
      }),
    );
    renderSignIn();
    const u = await fillCredentials();

    expect(await screen.findByRole("heading", { name: "Set up two-factor sign-in" })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /QR code/ })).toHaveAttribute("src", expect.stringMatching(/^data:image\/svg\+xml/));
    expect(screen.getByText("JBSWY3DPEHPK3PXP")).toBeInTheDocument();
    await u.type(screen.getByLabelText("Authentication code"), "123456");
    await u.click(screen.getByRole("button", { name: "Turn on and sign in" }));

    expect(await screen.findByText("AAAAA-BBBBB")).toBeInTheDocument();
    expect(useAuthSession.getState().status).toBe("signedOut"); // not until the codes are saved
    await u.click(screen.getByRole("button", { name: /I have saved them/ }));
    expect(useAuthSession.getState().accessToken).toBe("good");
  }, 20_000);

  it("says why it was sent here, with the email filled in", async () => {
    renderSignIn({ email: "ada@example.com", notice: "passwordSet" });
    expect(await screen.findByText("Your password is set. Sign in with it now.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveValue("ada@example.com");
  });
});
