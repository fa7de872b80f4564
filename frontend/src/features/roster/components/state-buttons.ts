import type { CSSProperties } from "react";
import { textColorOn } from "@/components/StateLabel";
import type { RosterState } from "./types";

/** How many states a tap on a row cycles through (the domain's first ones: present, late, absent…). */
export const CYCLE_LENGTH = 3;

/** A state as a button: its style (colour, and black or white text on it) and its keyboard letter, made once, not per row. */
export interface StateButton {
  code: string;
  label: string;
  /** The letter that marks this state from the keyboard (upper case), shown on the button; null: none left. */
  key: string | null;
  style: CSSProperties;
}

/**
 * A letter per state, the first of its label not taken yet ("Present" P, "Late" L, "Absent" A),
 * else any other letter of its label, else a digit: the same state keeps its letter on every row.
 */
export function stateKeys(labels: readonly string[]): (string | null)[] {
  const taken = new Set<string>();
  const pick = (candidates: string[]) => {
    const found = candidates.find((c) => !taken.has(c));
    if (found) taken.add(found);
    return found ?? null;
  };
  return labels.map((label) => {
    const letters = [...label.normalize("NFD").replace(/\p{Diacritic}/gu, "").toUpperCase()].filter((c) => /[A-Z]/.test(c));
    const words = label.split(/\s+/).map((w) => w.normalize("NFD").charAt(0).toUpperCase()).filter((c) => /[A-Z]/.test(c));
    return pick([...words, ...letters]) ?? pick(["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });
}

export function stateButtons(states: readonly RosterState[]): StateButton[] {
  const keys = stateKeys(states.map((s) => s.label));
  return states.map((state, i) => ({
    code: state.code,
    label: state.label,
    key: keys[i] ?? null,
    style: { "--state-color": state.color, "--state-text": textColorOn(state.color) } as CSSProperties,
  }));
}

/** The state a tap on the row gives: the next of the domain's first states, the first one when unmarked or elsewhere. */
export function nextInCycle(buttons: readonly StateButton[], current: string | null): string | null {
  const cycle = buttons.slice(0, CYCLE_LENGTH);
  if (!cycle.length) return null;
  const at = cycle.findIndex((b) => b.code === current);
  return cycle[(at + 1) % cycle.length]!.code;
}
