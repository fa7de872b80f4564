import { beforeEach, describe, expect, it } from "vitest";
import { freshOfflineDb, reopenOfflineDb } from "@/test/offline-db";
import { defaultDeviceName, deviceName, deviceNameHeader, deviceNameIfKnown, forgetDeviceName, setDeviceName } from "./device-name";

describe("this device's name", () => {
  beforeEach(async () => {
    await freshOfflineDb();
  });

  it("is the browser and platform until someone names it", () => {
    const android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    expect(defaultDeviceName(android)).toBe("Chrome on Android");
    expect(defaultDeviceName(iphone)).toBe("Safari on iPhone");
    expect(defaultDeviceName("python-httpx/0.28")).toBe("This browser");
  });

  it("is kept on the device across a reload, trimmed, and an empty name goes back to the default", async () => {
    expect(await deviceName()).toBe(defaultDeviceName());
    expect(await setDeviceName("  Frankie's phone  ")).toBe("Frankie's phone");
    await reopenOfflineDb();
    forgetDeviceName();
    expect(await deviceName()).toBe("Frankie's phone");
    expect(deviceNameIfKnown()).toBe("Frankie's phone");
    expect(await setDeviceName("   ")).toBe(defaultDeviceName());
    expect(await deviceName()).toBe(defaultDeviceName());
  });

  it("travels in a header as percent-encoded UTF-8", () => {
    expect(deviceNameHeader("Łukasz's tablet")).toBe("%C5%81ukasz's%20tablet");
  });
});
