import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ActionButton } from "./ActionButton";

describe("a button that cannot act says why", () => {
  it("while its request is sending: keeps focus, ignores presses and submits, and says so beside it", async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    const onSubmit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    const { rerender } = render(
      <form onSubmit={onSubmit}>
        <ActionButton type="submit" onClick={onClick} pending={false} pendingText="Asking for the report…">
          Ask for the report
        </ActionButton>
      </form>,
    );
    const button = screen.getByRole("button", { name: "Ask for the report" });
    await user.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(button).toHaveFocus();

    rerender(
      <form onSubmit={onSubmit}>
        <ActionButton type="submit" onClick={onClick} pending pendingText="Asking for the report…">
          Ask for the report
        </ActionButton>
      </form>,
    );
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toBeEnabled();
    expect(button).toHaveFocus();
    expect(button).toHaveAccessibleDescription("Asking for the report…");
    expect(screen.getByRole("status")).toHaveTextContent("Asking for the report…");
    await user.click(button);
    await user.keyboard("{Enter}");
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("says a plain 'sending' when the action has no words of its own, and nothing once it can act", () => {
    const { rerender } = render(<ActionButton pending>Save</ActionButton>);
    expect(screen.getByRole("button", { name: "Save" })).toHaveAccessibleDescription("Sending… please wait for the answer.");
    rerender(<ActionButton pending={false}>Save</ActionButton>);
    expect(screen.getByRole("button", { name: "Save" })).not.toHaveAttribute("aria-disabled");
    expect(screen.getByRole("button", { name: "Save" })).toHaveAccessibleDescription("");
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("with nothing chosen yet, or a reason said once for several buttons", async () => {
    const onClick = vi.fn();
    render(
      <>
        <ActionButton unavailableReason="Tick the conflicts to settle first." onClick={onClick}>
          Keep the server's
        </ActionButton>
        <ActionButton pending reasonId="shared" aria-describedby="hint">
          Take the latest
        </ActionButton>
        <span id="hint">Applies to every ticked conflict.</span>
        <span id="shared">Settling…</span>
      </>,
    );
    const keep = screen.getByRole("button", { name: "Keep the server's" });
    expect(keep).toHaveAttribute("aria-disabled", "true");
    expect(keep).toHaveAccessibleDescription("Tick the conflicts to settle first.");
    await userEvent.click(keep);
    expect(onClick).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Take the latest" })).toHaveAccessibleDescription("Applies to every ticked conflict. Settling…");
    expect(screen.getAllByText("Settling…")).toHaveLength(1);
  });
});
