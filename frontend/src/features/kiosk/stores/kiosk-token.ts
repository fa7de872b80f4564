/**
 * The kiosk's key, kept on this device only (SPEC §4.4): a shared device at the door holds it
 * instead of anyone's login. localStorage, so that it survives a reload or a power cut; nothing
 * else of the app is ever kept there.
 */
const KEY = "omni-kiosk-token";

export function readKioskToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveKioskToken(token: string): void {
  localStorage.setItem(KEY, token.trim());
}

export function forgetKioskToken(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Storage unavailable: there is nothing kept to forget.
  }
}
