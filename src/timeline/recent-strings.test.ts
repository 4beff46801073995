import { describe, expect, it } from "vitest";
import { RecentStrings } from "./recent-strings.js";

describe("RecentStrings", () => {
  it("finds equal strings (not only the same object) and forgets the oldest when full", () => {
    const r = new RecentStrings<number>(2);
    r.set("GET /api/orders 200", 1);
    r.set("timeout", 2);
    // a string built at run time, as lines are cut from a chunk
    expect(r.get(["GET", "/api/orders", "200"].join(" "))).toBe(1);
    expect(r.get("time")).toBeUndefined();
    r.set("third", 3);
    expect(r.get("GET /api/orders 200")).toBeUndefined();
    expect(r.get("timeout")).toBe(2);
    expect(r.get("third")).toBe(3);
  });
});
