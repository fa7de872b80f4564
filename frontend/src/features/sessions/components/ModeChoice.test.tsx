import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ModeChoice } from "./ModeChoice";

describe("choosing how presence is taken", () => {
  it("explains each mode in one plain line, read out with its choice", async () => {
    const onChange = vi.fn();
    render(<ModeChoice value="roll_call" onChange={onChange} />);

    expect(screen.getByRole("group", { name: "How presence is taken" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "Roll call" })).toHaveAccessibleDescription("Staff mark each person.");
    expect(screen.getByRole("radio", { name: "Check in and out" })).toHaveAccessibleDescription(
      "People are checked in and out; arriving after the grace period counts as late.",
    );
    expect(screen.getByRole("radio", { name: "Self check-in" })).toHaveAccessibleDescription(
      "People check themselves in with a code shown on a screen, or at a kiosk.",
    );

    await userEvent.setup().click(screen.getByRole("radio", { name: "Self check-in" }));
    expect(onChange).toHaveBeenCalledWith("self_check_in");
  });
});
