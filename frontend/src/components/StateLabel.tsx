import type { CSSProperties } from "react";
import "./components.css";

/** A colour as a CSS custom property for a class to use (no inline style text: CSP). */
export function colorVar(color: string | undefined, name = "--state-color"): CSSProperties | undefined {
  return color ? ({ [name]: color } as CSSProperties) : undefined;
}

/** A presence state shown by its swatch AND its words (SPEC §2: never by colour alone). */
export function StateLabel({ color, label, code }: { color?: string; label: string; code?: string }) {
  return (
    <span className="state-label">
      <span className="state-swatch" style={colorVar(color)} aria-hidden="true" />
      <span>{label}</span>
      {code ? <code className="state-label__code">{code}</code> : null}
    </span>
  );
}

/**
 * Black or white, whichever reads better on `background` (WCAG 2.2 contrast): one of them always
 * reaches 4.5:1, so any colour an administrator picks gives legible text.
 */
export function textColorOn(background: string): "#000000" | "#ffffff" {
  const match = /^#([0-9a-f]{6})$/i.exec(background);
  if (!match) return "#000000";
  const value = parseInt(match[1]!, 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  const withBlack = (luminance + 0.05) / 0.05;
  const withWhite = 1.05 / (luminance + 0.05);
  return withBlack >= withWhite ? "#000000" : "#ffffff";
}
