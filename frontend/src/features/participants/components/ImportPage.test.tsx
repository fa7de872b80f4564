import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/responses";
import { schoolTerms as school } from "@/test/terminology";
import { useAuthSession } from "@/lib/auth-session";
import { createQueryClient } from "@/lib/query-client";
import { ImportPage } from "./ImportPage";

beforeEach(() => {
  useAuthSession.setState({ status: "signedIn", accessToken: "t", user: null, endedReason: null });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("an import the server refuses", () => {
  it("lists each bad row in the catalogue's words, never the validator's own message", async () => {
    // The check found nothing wrong; by the time of the import a row is refused (the server decides).
    const raw = "value is not a valid email address: The part after the @-sign is not valid. It should have a period.";
    vi.stubGlobal(
      "fetch",
      vi.fn((input: RequestInfo | URL) =>
        Promise.resolve(
          String(input).includes("dry_run=true")
            ? json({ dry_run: true, created: 1, updated: 0, errors: [], participant_ids: [] })
            : json(
                {
                  type: "about:blank",
                  title: "Unprocessable",
                  status: 422,
                  detail: "1 row has a problem; nothing was imported.",
                  errors: [{ row: 2, field: "email", code: "not_an_email", message: raw }],
                },
                422,
              ),
        ),
      ),
    );
    const user = userEvent.setup();
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <ImportPage terms={school} />
        </MemoryRouter>
      </QueryClientProvider>,
    );

    await user.upload(screen.getByLabelText("File"), new File(["name,email\nCara Cole,cara@example\n"], "class.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Check the file" }));
    await user.click(await screen.findByRole("button", { name: "Import 1 students" }));

    expect(await screen.findByText("Nothing was imported.")).toBeInTheDocument();
    const problems = screen.getByRole("table", { name: "Problems in the file" });
    const [row] = within(problems).getAllByRole("row").slice(1);
    expect(row).toHaveTextContent("2");
    expect(row).toHaveTextContent("Email");
    expect(row).toHaveTextContent("Enter an email address, like name@example.com.");
    expect(screen.queryByText(/not a valid email address/)).toBeNull();
  });
});
