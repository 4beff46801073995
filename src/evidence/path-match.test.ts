import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globToRegExp, pathMatches } from "./path-match.js";

const file = (absolute: string, ...relative: string[]) => ({ absolute, relative });

describe("pathMatches", () => {
  const app = file("/srv/inc/evidence/app.log", "evidence/app.log", "inc/evidence/app.log");

  it("matches a basename, a relative path and an absolute path exactly", () => {
    expect(pathMatches("app.log", app)).toBe(true);
    expect(pathMatches("./evidence/app.log", app)).toBe(true);
    expect(pathMatches("/srv/inc/evidence/app.log", app)).toBe(true);
    expect(pathMatches("evidence\\app.log", app)).toBe(true);
    expect(pathMatches("other.log", app)).toBe(false);
  });

  it("brace lists of globs: {*.log,*.txt}", () => {
    expect(pathMatches("{*.log,*.txt}", app)).toBe(true);
    expect(pathMatches("{*.log,*.txt}", file("/x/notes.txt", "notes.txt"))).toBe(true);
    expect(pathMatches("{*.log,*.txt}", file("/x/data.jsonl", "data.jsonl"))).toBe(false);
    expect(pathMatches("evidence/{*.log,*.txt}", app)).toBe(true);
  });

  it("character classes: [0-9]", () => {
    expect(pathMatches("app-[0-9].log", file("/x/app-7.log", "app-7.log"))).toBe(true);
    expect(pathMatches("app-[0-9].log", file("/x/app-x.log", "app-x.log"))).toBe(false);
    expect(pathMatches("app-[0-9].log", file("/x/app-12.log", "app-12.log"))).toBe(false);
  });

  it("* stays inside a folder, ** crosses folders", () => {
    expect(pathMatches("evidence/*.log", app)).toBe(true);
    expect(pathMatches("*.log", file("/a/b/c.log", "b/c.log"))).toBe(true); // the basename matches
    expect(pathMatches("b*.log", file("/a/b/c.log", "b/c.log"))).toBe(false);
    expect(pathMatches("**/*.log", app)).toBe(true);
    expect(pathMatches("inc/**/app.log", app)).toBe(true);
    expect(pathMatches("?pp.log", app)).toBe(true);
  });

  it("dot files match like others", () => {
    expect(pathMatches("*.log", file("/x/.hidden.log", ".hidden.log"))).toBe(true);
  });
});

describe("globToRegExp", () => {
  it("is anchored", () => {
    expect(globToRegExp("*.log").test("app.log.gz")).toBe(false);
    expect(globToRegExp("*.log").test("app.log")).toBe(true);
  });

  it("property: a literal name with no glob characters matches itself only", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9_-]{1,12}\.(log|txt)$/),
        fc.stringMatching(/^[a-z0-9]{1,4}$/),
        (name, extra) => {
          expect(pathMatches(name, file(`/e/${name}`, name))).toBe(true);
          expect(pathMatches(name, file(`/e/${extra}${name}`, `${extra}${name}`))).toBe(false);
        },
      ),
    );
  });
});
