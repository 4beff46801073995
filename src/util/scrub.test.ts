import { describe, expect, it } from "vitest";
import { scrubUrl } from "./scrub.js";

describe("scrubUrl", () => {
  it("removes userinfo and secret parameters, keeps the rest", () => {
    expect(scrubUrl("https://u:p@h.example/a?token=t&x=1")).toBe("https://h.example/a?token=***&x=1");
  });

  it("secretPath: a webhook URL keeps host and a short path only", () => {
    expect(scrubUrl("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX?x=1", { secretPath: true })).toBe(
      "https://hooks.slack.com/services/T000/B000/…",
    );
    expect(scrubUrl("smtp://user:pw@mail.example.com:587", { secretPath: true })).toBe("smtp://mail.example.com:587");
    expect(scrubUrl("not a url", { secretPath: true })).toBe("(invalid URL)");
  });
});
