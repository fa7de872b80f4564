import { describe, expect, it } from "vitest";
import en from "@/locales/en.json";
import { FIELD_CODES, fieldName, fieldSentence, namedFieldSentence } from "./field-words";
import "./i18n";

const sentences = en.fieldCodes as Record<string, string>;

describe("field errors in plain words", () => {
  it("has a sentence for every code a service may send", () => {
    for (const code of FIELD_CODES) expect(sentences[code], code).toMatch(/\.$/);
  });

  it("knows every code the catalogue has, so neither list drifts", () => {
    const base = Object.keys(sentences).filter((key) => !/_limit_(one|other)$/.test(key));
    expect(new Set(base)).toEqual(new Set(FIELD_CODES));
  });

  it("says the catalogue's sentence, never the validator's own text", () => {
    const error = { field: "external_ref", message: "String should match pattern '^[a-z]+$'", code: "bad_format" };
    expect(fieldSentence(error)).toBe(sentences.bad_format);
    expect(fieldSentence({ field: "name", message: "Field required", code: "required" })).toBe("Fill this in: it is needed.");
  });

  it("counts a limit right", () => {
    expect(fieldSentence({ field: "name", message: "x", code: "too_long", limit: 200 })).toBe("This is too long; use at most 200 characters.");
    expect(fieldSentence({ field: "name", message: "x", code: "too_long", limit: 1 })).toBe("This is too long; use at most 1 character.");
  });

  it("uses the domain's words", () => {
    const error = { field: "participant_id", message: "Not a member.", code: "not_a_member" };
    expect(fieldSentence(error, { participant: "student", group: "class", session: "lesson" })).toBe(
      "This student is not in the class of this lesson; add them to the class first.",
    );
    expect(fieldSentence(error)).toContain("participant");
  });

  it("falls back to the general sentence for a code it does not know, and to the message when there is no code", () => {
    expect(fieldSentence({ field: "x", message: "Input should be a valid frobnicator", code: "frobnicator_type" })).toBe(sentences.invalid);
    expect(fieldSentence({ field: "x", message: "An older server's words." })).toBe("An older server's words.");
  });

  it("names the field for people when the message is away from it", () => {
    expect(fieldName("external_ref")).toBe("Reference");
    expect(fieldName("records.3.state")).toBe("Mark 4");
    expect(fieldName("late_after_minutes")).toBe("Late after minutes");
    expect(namedFieldSentence({ field: "email", message: "x", code: "duplicate" })).toBe("Email: This is already in use; choose a different one.");
  });
});
