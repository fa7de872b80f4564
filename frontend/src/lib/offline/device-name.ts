import { hasIndexedDb, offlineDb } from "./db";

/**
 * The name of this device as people will recognise it ("Frankie's phone"), set on the device and
 * kept with the offline outbox in IndexedDB. It goes with every batch (`device_name`) and every
 * request (`X-Omni-Device-Name`, SPEC §8), so the conflict queue and the audit log can say
 * where a change came from. Until someone names it, it is the browser and platform ("Chrome on
 * Android").
 */

const NAME_KEY = "device-name";
export const DEVICE_NAME_HEADER = "X-Omni-Device-Name";
export const DEVICE_NAME_MAX = 100;

let known: Promise<string> | null = null;
let resolved: string | undefined;

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Version\/.*Safari\//, "Safari"],
];
const PLATFORMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/Android/, "Android"],
  [/iPhone|iPod/, "iPhone"],
  [/iPad/, "iPad"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/CrOS/, "Chromebook"],
  [/Linux/, "Linux"],
];

/** "Chrome on Android", "Safari on iPhone"; "This browser" when the User-Agent says nothing known. */
export function defaultDeviceName(userAgent: string = typeof navigator === "undefined" ? "" : navigator.userAgent): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const platform = PLATFORMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && platform) return `${browser} on ${platform}`;
  return browser ?? platform ?? "This browser";
}

/** A name as typed, made fit to keep: trimmed, at most DEVICE_NAME_MAX characters. */
export function cleanDeviceName(value: string): string {
  return value.trim().slice(0, DEVICE_NAME_MAX).trim();
}

/** This device's name: the one set here, else the browser and platform. */
export function deviceName(): Promise<string> {
  known ??= (async () => {
    if (!hasIndexedDb()) return defaultDeviceName();
    const db = await offlineDb();
    const stored = (await db.get("meta", NAME_KEY)) as string | undefined;
    return stored || defaultDeviceName();
  })()
    .then((name) => (resolved = name))
    .catch(() => {
      known = null;
      return (resolved = defaultDeviceName());
    });
  return known;
}

/** The name if it was read already, without waiting (the reading is then started). */
export function deviceNameIfKnown(): string | undefined {
  if (resolved === undefined) void deviceName();
  return resolved;
}

/** Names this device (an empty name goes back to the browser and platform). */
export async function setDeviceName(value: string): Promise<string> {
  const name = cleanDeviceName(value);
  const db = await offlineDb();
  if (name) await db.put("meta", name, NAME_KEY);
  else await db.delete("meta", NAME_KEY);
  known = Promise.resolve((resolved = name || defaultDeviceName()));
  return resolved;
}

/** The header's value: UTF-8, percent-encoded (a header carries only Latin-1). */
export function deviceNameHeader(name: string): string {
  return encodeURIComponent(name);
}

/** Tests: forget the name read before (the fake database is replaced between tests). */
export function forgetDeviceName(): void {
  known = null;
  resolved = undefined;
}
