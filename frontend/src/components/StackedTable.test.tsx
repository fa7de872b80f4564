import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { StackedTable, type StackColumn } from "./StackedTable";

interface Person {
  id: string;
  name: string;
  ref: string | null;
  since: string;
}

const people: Person[] = [
  { id: "1", name: "Ada Lovelace", ref: "A1", since: "1 Sept" },
  { id: "2", name: "Grace Hopper", ref: null, since: "2 Sept" },
];

const columns: (StackColumn<Person> | false)[] = [
  { id: "pick", header: "Choose", headerHidden: true, onCard: "pick", cell: (p) => <input type="checkbox" aria-label={`Choose ${p.name}`} /> },
  { id: "name", header: "Name", rowHeader: true, cell: (p) => p.name },
  { id: "ref", header: "Reference", cell: (p) => p.ref ?? "" },
  { id: "since", header: "Member since", cell: (p) => p.since },
  false,
  { id: "actions", header: "Actions", onCard: "actions", cell: (p) => <button type="button">Remove {p.name}</button> },
];

/** A window as wide as `width`: the hook reads "(max-width: 47.99rem)" from matchMedia. */
function screenOf(width: number) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: query.includes("max-width") && width < 768,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

describe("a table that stacks on a phone", () => {
  it("is a table at a desk, with every column, the row's name as its header", () => {
    screenOf(1366);
    render(<StackedTable caption="Students" columns={columns} rows={people} rowKey={(p) => p.id} className="members-table" />);
    const table = screen.getByRole("table", { name: "Students" });
    expect(table).toHaveClass("table", "members-table");
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Choose", "Name", "Reference", "Member since", "Actions"]);
    expect(within(table).getByRole("rowheader", { name: "Grace Hopper" })).toBeInTheDocument();
    expect(screen.queryByRole("list")).toBeNull();
  });

  it("is a list of cards on a phone: the name first, each value under its heading, empty ones left out", () => {
    screenOf(390);
    render(<StackedTable caption="Students" columns={columns} rows={people} rowKey={(p) => p.id} />);
    expect(screen.queryByRole("table")).toBeNull();
    const cards = within(screen.getByRole("list", { name: "Students" })).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const [ada, grace] = cards as [HTMLElement, HTMLElement];
    expect(ada.querySelector(".stack-card__title")).toHaveTextContent("Ada Lovelace");
    expect(within(ada).getByRole("checkbox", { name: "Choose Ada Lovelace" })).toBeInTheDocument();
    expect(within(ada).getByRole("button", { name: "Remove Ada Lovelace" })).toBeInTheDocument();
    const terms = (card: HTMLElement) => [...card.querySelectorAll("dt")].map((dt) => `${dt.textContent} ${dt.nextElementSibling?.textContent}`);
    expect(terms(ada)).toEqual(["Reference A1", "Member since 1 Sept"]);
    expect(terms(grace)).toEqual(["Member since 2 Sept"]);
  });

  it("names the cards by its caption when the caption is shown", () => {
    screenOf(390);
    render(<StackedTable caption="States of Education" showCaption columns={columns} rows={people} rowKey={(p) => p.id} />);
    expect(screen.getByText("States of Education")).toBeVisible();
    expect(screen.getByRole("list", { name: "States of Education" })).toBeInTheDocument();
  });
});
