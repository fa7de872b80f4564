import { describe, expect, it } from "vitest";
import { textColorOn } from "./StateLabel";

function luminance(hex: string): number {
  const value = parseInt(hex.slice(1), 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("text on a state's colour", () => {
  it("is black or white, whichever reaches WCAG AA (4.5:1) on any colour an admin picks", () => {
    const colours = ["#1b7f3b", "#b25e09", "#b3261e", "#4a5bb5", "#ffff00", "#00ffff", "#777777", "#767676", "#000000", "#ffffff", "#ff00ff", "#0b7285"];
    for (let i = 0; i < 200; i++) colours.push(`#${Math.floor((i * 2654435761) % 0xffffff).toString(16).padStart(6, "0")}`);
    for (const colour of colours) expect(contrast(colour, textColorOn(colour)), colour).toBeGreaterThanOrEqual(4.5);
  });

  it("is black for anything it cannot read", () => {
    expect(textColorOn("red")).toBe("#000000");
  });
});
