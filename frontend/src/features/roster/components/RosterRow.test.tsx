import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18next from "i18next";
import { describe, expect, it, vi } from "vitest";
import { RosterRow, type RosterRowProps } from "./RosterRow";
import { nextInCycle, stateButtons, stateKeys } from "./state-buttons";
import type { RosterState } from "./types";

// One line of the register: the name marks the next of the first states, a chip marks its state,
// "More" (or a long press) asks for the rest.

const states: RosterState[] = [
  { domain: "education", code: "present", label: "Present", color: "#1b7f3b", sort_order: 10, roles: null, is_default: true, retired: false },
  { domain: "education", code: "late", label: "Late", color: "#b25e09", sort_order: 20, roles: null, is_default: false, retired: false },
  { domain: "education", code: "absent", label: "Absent", color: "#b3261e", sort_order: 30, roles: null, is_default: false, retired: false },
  { domain: "education", code: "excused", label: "Excused", color: "#4a5bb5", sort_order: 40, roles: null, is_default: false, retired: false },
];
const buttons = stateButtons(states);
const byCode = new Map(states.map((s) => [s.code, s]));

function renderRow(overrides: Partial<RosterRowProps> = {}) {
  const props: RosterRowProps = {
    participantId: "p1",
    index: 0,
    setSize: 30,
    name: "Łukasz Nowak",
    externalRef: "S1",
    stateCode: null,
    note: null,
    saving: false,
    waiting: false,
    notice: null,
    onDismissNotice: vi.fn(),
    states: buttons,
    stateByCode: byCode,
    readOnly: false,
    hasMore: true,
    onMark: vi.fn(),
    onMore: vi.fn(),
    onKey: vi.fn(),
    t: i18next.t,
    ...overrides,
  };
  const view = render(
    <ul aria-label="Students">
      <RosterRow {...props} />
    </ul>,
  );
  return { props, view, row: screen.getByRole("listitem") };
}

describe("a register row", () => {
  it("shows the name, the mark in words and a chip per state with its letter", () => {
    const { row } = renderRow({ stateCode: "late", note: "Bus was late" });
    expect(within(row).getByText("Łukasz Nowak")).toBeInTheDocument();
    expect(within(row).getByText("Late", { selector: ".roster-row__current span" })).toBeInTheDocument();
    expect(within(row).getByText("Bus was late")).toBeInTheDocument();
    const chips = within(within(row).getByRole("group", { name: "Łukasz Nowak" })).getAllByRole("button");
    expect(chips.map((b) => [b.getAttribute("aria-keyshortcuts"), b.getAttribute("aria-pressed")])).toEqual([
      ["P", "false"],
      ["L", "true"],
      ["A", "false"],
      ["E", "false"],
    ]);
    expect(within(row).getByRole("button", { name: "Late" })).toHaveAttribute("aria-pressed", "true");
    expect(row).toHaveAttribute("aria-posinset", "1");
    expect(row).toHaveAttribute("aria-setsize", "30");
  });

  it("marks with one tap on a chip, and not again when it is already the mark", async () => {
    const user = userEvent.setup();
    const { props, row } = renderRow({ stateCode: "present" });
    await user.click(within(row).getByRole("button", { name: "Absent" }));
    expect(props.onMark).toHaveBeenCalledWith("p1", "absent");
    await user.click(within(row).getByRole("button", { name: "Present" }));
    expect(props.onMark).toHaveBeenCalledTimes(1);
  });

  it("a tap on the name marks the next of the first three states, from unmarked to the first", async () => {
    const user = userEvent.setup();
    const unmarked = renderRow();
    await user.click(within(unmarked.row).getByRole("button", { name: /^Łukasz Nowak/ }));
    expect(unmarked.props.onMark).toHaveBeenLastCalledWith("p1", "present");
    unmarked.view.unmount();

    const absent = renderRow({ stateCode: "absent" });
    await user.click(within(absent.row).getByRole("button", { name: /^Łukasz Nowak/ }));
    expect(absent.props.onMark).toHaveBeenLastCalledWith("p1", "present");
  });

  it("opens More from its button or a long press (the context menu), never marking then", async () => {
    const user = userEvent.setup();
    const { props, row } = renderRow({ stateCode: "present" });
    await user.click(within(row).getByRole("button", { name: "More for Łukasz Nowak" }));
    expect(props.onMore).toHaveBeenCalledWith("p1");
    fireEvent.contextMenu(within(row).getByRole("button", { name: /^Łukasz Nowak/ }));
    expect(props.onMore).toHaveBeenCalledTimes(2);
    expect(props.onMark).not.toHaveBeenCalled();
  });

  it("hands its keys to the list, with its place in it", () => {
    const { props, row } = renderRow({ index: 4 });
    fireEvent.keyDown(within(row).getByRole("button", { name: "Late" }), { key: "ArrowDown" });
    expect(props.onKey).toHaveBeenCalledWith(expect.objectContaining({ key: "ArrowDown" }), "p1", 4);
  });

  it("read-only: the mark in words, no chips and no marking on a tap", () => {
    const { row } = renderRow({ readOnly: true, stateCode: "late", hasMore: false });
    expect(within(row).queryAllByRole("button")).toHaveLength(0);
    expect(within(row).getByText("Late")).toBeInTheDocument();
  });

  it("says a mark kept on this device, and one being saved", () => {
    const { row } = renderRow({ stateCode: "absent", waiting: true, saving: true });
    expect(within(row).getByText("Not sent yet")).toBeInTheDocument();
    expect(within(row).getByText("Saving…")).toBeInTheDocument();
  });
});

describe("state letters and the cycle", () => {
  it("gives each state a letter of its own, the first free one of its words or label", () => {
    expect(stateKeys(["Present", "Late", "Absent", "Excused"])).toEqual(["P", "L", "A", "E"]);
    expect(stateKeys(["Checked in", "Cancelled", "No-show", "Confirmed"])).toEqual(["C", "A", "N", "O"]);
    expect(stateKeys(["Été", "Ête"])).toEqual(["E", "T"]);
    expect(stateKeys(["陈", "静"])).toEqual(["1", "2"]);
  });

  it("cycles through the first three states only", () => {
    expect(nextInCycle(buttons, null)).toBe("present");
    expect(nextInCycle(buttons, "present")).toBe("late");
    expect(nextInCycle(buttons, "late")).toBe("absent");
    expect(nextInCycle(buttons, "absent")).toBe("present");
    expect(nextInCycle(buttons, "excused")).toBe("present");
    expect(nextInCycle([], null)).toBeNull();
  });
});
