import { describe, expect, it } from "vitest";
import { changes, humanize, sessionName, sourceLine } from "./entry-words";
import "@/lib/i18n";

describe("what an audit entry changed", () => {
  it("lists only the fields that changed, never ids, versions or where it came from", () => {
    const entry = {
      before: { state: "present", note: null, check_in_at: null, check_out_at: null },
      after: { state: "absent", note: null, check_in_at: null, check_out_at: null, session_id: "s1", participant_id: "p1", version: 2, source: "online", device_id: "d1" },
    };
    expect(changes(entry)).toEqual([{ field: "state", hadBefore: true, before: "present", after: "absent" }]);
  });

  it("leaves out a new thing's empty fields (no \"null → null\")", () => {
    const entry = { before: null, after: { state: "late", note: null, check_in_at: null, version: 1 } };
    expect(changes(entry)).toEqual([{ field: "state", hadBefore: false, before: null, after: "late" }]);
  });

  it("says which part of a value inside another changed", () => {
    const entry = {
      before: { settings: { late_after_minutes: 5, close_after_minutes: null } },
      after: { settings: { late_after_minutes: 10, close_after_minutes: null } },
    };
    expect(changes(entry)).toEqual([{ field: "settings.late_after_minutes", hadBefore: true, before: 5, after: 10 }]);
  });

  it("keeps a value that was emptied", () => {
    expect(changes({ before: { note: "Bus late" }, after: { note: null } })).toEqual([{ field: "note", hadBefore: true, before: "Bus late", after: null }]);
  });

  it("has nothing to say about a removal", () => {
    expect(changes({ before: { name: "Ann" }, after: null })).toEqual([]);
  });
});

describe("where a change came from, in words", () => {
  const base = { device_name: null, after: null, created_at: "2026-11-23T09:14:00Z" };

  it("says an online change is online", () => {
    expect(sourceLine({ ...base, source: "online" }, "UTC")).toBe("Online");
  });

  it("says an offline change's device, when it was made and when it arrived", () => {
    const entry = { ...base, source: "offline_sync", device_name: "Frankie's phone", after: { client_time: "2026-11-23T08:57:00Z" } };
    expect(sourceLine(entry, "UTC")).toMatch(/^Offline, from Frankie's phone, made 0?8:57( AM)?, received 0?9:14( AM)?$/);
  });

  it("says when an offline change arrived even where the entry does not keep when it was made", () => {
    const entry = { ...base, source: "offline_sync", device_name: "Frankie's phone" };
    expect(sourceLine(entry, "UTC")).toMatch(/^Offline, from Frankie's phone, received 0?9:14( AM)?$/);
  });

  it("gives the day too when the change was made on another day", () => {
    const entry = { ...base, source: "offline_sync", after: { client_time: "2026-11-20T16:30:00Z" } };
    expect(sourceLine(entry, "UTC")).toMatch(/^Offline, made .*(20.*Nov|Nov.*20).* (16:30|4:30 PM), received/);
  });

  it("puts a source it does not know in words, never its code", () => {
    expect(sourceLine({ ...base, source: "some_new_way" }, "UTC")).toBe("Some new way");
    expect(humanize("late_after_minutes")).toBe("Late after minutes");
  });
});

describe("a session's name", () => {
  it("is its title with its day and time in the organization's zone", () => {
    const name = sessionName({ title: "Maths", starts_at: "2026-11-23T14:00:00Z" }, "America/New_York");
    expect(name).toMatch(/^Maths — Mon.*(23.*Nov|Nov.*23).*0?9:00/);
  });
});
