import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

/** Rows rendered beyond each edge of the window, in CSS px: the next row is there before it shows. */
const OVERSCAN_PX = 600;

export interface WindowRange {
  start: number;
  /** One past the last row rendered. */
  end: number;
}

/** The rows [start, end) that meet the band [top, bottom] of a list whose row i starts at offsets[i]. */
export function rangeFor(offsets: readonly number[], top: number, bottom: number): WindowRange {
  const count = offsets.length - 1;
  let start = 0;
  while (start < count && offsets[start + 1]! <= top) start += 1;
  let end = start;
  while (end < count && offsets[end]! < bottom) end += 1;
  return { start, end };
}

/**
 * A list that scrolls with the page and renders only the rows near the window (500 people: a few
 * dozen rows in the page). Rows may differ in height: each is measured once rendered, and the rows
 * not rendered are stood in for by the list's padding, so the scrollbar stays true.
 */
export function useWindowedList<E extends HTMLElement>(keys: readonly string[], estimate: number) {
  const listRef = useRef<E>(null);
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [band, setBand] = useState({ top: 0, bottom: 1200 });

  const offsets = useMemo(() => {
    const result = [0];
    let total = 0;
    for (const key of keys) {
      total += heights.get(key) ?? estimate;
      result.push(total);
    }
    return result;
  }, [keys, estimate, heights]);

  const readBand = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const top = -list.getBoundingClientRect().top;
    const next = { top: top - OVERSCAN_PX, bottom: top + window.innerHeight + OVERSCAN_PX };
    // A new band only when it moved enough to matter (a quarter of the overscan): scrolling does not
    // re-render the page at every frame.
    setBand((band) => (Math.abs(band.top - next.top) < OVERSCAN_PX / 4 && Math.abs(band.bottom - next.bottom) < OVERSCAN_PX / 4 ? band : next));
  }, []);

  useEffect(() => {
    readBand();
    window.addEventListener("scroll", readBand, { passive: true });
    window.addEventListener("resize", readBand);
    return () => {
      window.removeEventListener("scroll", readBand);
      window.removeEventListener("resize", readBand);
    };
  }, [readBand]);

  const range = rangeFor(offsets, band.top, band.bottom);

  // Each row in the page is measured, and again when it changes size (a note, a message, a
  // narrower window); a changed height moves the rows below it.
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    // jsdom lays nothing out: the estimate stands.
    if (typeof ResizeObserver === "undefined") return;
    const resizes = new ResizeObserver((entries) => {
      setHeights((previous) => {
        let next: Map<string, number> | null = null;
        for (const entry of entries) {
          const row = entry.target as HTMLElement;
          const key = row.dataset.key;
          const height = row.offsetHeight;
          if (!key || !height || previous.get(key) === height) continue;
          next ??= new Map(previous);
          next.set(key, height);
        }
        return next ?? previous;
      });
    });
    observer.current = resizes;
    return () => resizes.disconnect();
  }, []);
  useLayoutEffect(() => {
    const resizes = observer.current;
    const list = listRef.current;
    if (!resizes || !list) return;
    resizes.disconnect();
    for (const child of list.children) resizes.observe(child);
  }, [range.start, range.end, keys]);

  // The list moved under the window (rows above it changed, a search narrowed it): read the band again.
  useLayoutEffect(() => {
    readBand();
  }, [keys, readBand]);

  /** Where row i starts, from the top of the list (to scroll it into view before it is rendered). */
  const offsetOf = useCallback((index: number) => offsets[Math.max(0, Math.min(index, offsets.length - 1))] ?? 0, [offsets]);

  return {
    listRef,
    range,
    padTop: offsets[range.start] ?? 0,
    padBottom: (offsets[offsets.length - 1] ?? 0) - (offsets[range.end] ?? 0),
    offsetOf,
    readBand,
  };
}
