import { describe, expect, it } from "vitest";
import { ApiError, fieldErrors, parseProblem, parseRetryAfter, unshownFieldMessages } from "./problem";

describe("problem details", () => {
  const body = {
    type: "https://omnipresence.example/problems/validation-error",
    title: "Invalid request",
    status: 422,
    detail: "Some fields are not valid.",
    errors: [
      { field: "email", message: "Not an email address." },
      { field: "password", message: "Too short." },
      { field: "password", message: "Too common." },
      { field: "body", message: "Unknown field." },
    ],
  };

  it("parses an RFC 9457 body", () => {
    expect(parseProblem(body, 422)).toEqual(body);
  });

  it("fills what the server left out, and skips malformed field errors", () => {
    const problem = parseProblem({ detail: "Too many attempts.", errors: [{ field: 1 }, "x", { field: "a", message: "b" }] }, 429);
    expect(problem).toEqual({ type: "about:blank", title: "", status: 429, detail: "Too many attempts.", errors: [{ field: "a", message: "b" }] });
  });

  it("gives null for a body that is no problem at all", () => {
    expect(parseProblem("<html>Bad gateway</html>", 502)).toBeNull();
    expect(parseProblem(undefined, 500)).toBeNull();
    expect(parseProblem({ items: [] }, 400)).toBeNull();
  });

  it("says a coded field error in the catalogue's words", () => {
    const problem = parseProblem({ status: 422, errors: [{ field: "name", message: "String should have at most 200 characters", code: "too_long", limit: 200 }] }, 422);
    expect(problem?.errors).toEqual([{ field: "name", message: "String should have at most 200 characters", code: "too_long", limit: 200 }]);
    expect(fieldErrors(problem)).toEqual({ name: "This is too long; use at most 200 characters." });
    expect(unshownFieldMessages(problem, [])).toEqual(["Name: This is too long; use at most 200 characters."]);
  });

  it("maps field errors by field, joining several messages for one field", () => {
    expect(fieldErrors(parseProblem(body, 422))).toEqual({
      email: "Not an email address.",
      password: "Too short. Too common.",
      body: "Unknown field.",
    });
    expect(fieldErrors(null)).toEqual({});
  });

  it("lists messages for fields the form has no input for, so none is lost", () => {
    expect(unshownFieldMessages(parseProblem(body, 422), ["email", "password"])).toEqual(["The form: Unknown field."]);
  });

  it("keeps each field error's stable code, for screens to say it in their own words", () => {
    const problem = parseProblem({ status: 422, errors: [{ field: "code", message: "Unknown or expired code.", code: "wrong_code" }] }, 422);
    expect(problem?.errors).toEqual([{ field: "code", message: "Unknown or expired code.", code: "wrong_code" }]);
    expect(new ApiError(422, problem).codeOf("code")).toBe("wrong_code");
    expect(new ApiError(422, problem).codeOf("pin")).toBeUndefined();
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(parseRetryAfter("900")).toBe(900);
    expect(parseRetryAfter("Fri, 27 Nov 2026 09:10:00 GMT", Date.parse("2026-11-27T09:00:00Z"))).toBe(600);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });
});
