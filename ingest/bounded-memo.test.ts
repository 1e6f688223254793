import { describe, expect, it } from "vitest";
import { BoundedMemo, clearMemos } from "./bounded-memo.js";

describe("BoundedMemo", () => {
  it("makes a value once, keeps at most its capacity (oldest out first), and empties on clearMemos", () => {
    const made: string[] = [];
    const memo = new BoundedMemo<string, string>(2);
    const upper = (text: string) => memo.get(text, () => (made.push(text), text.toUpperCase()));
    expect([upper("a"), upper("a"), upper("b")]).toEqual(["A", "A", "B"]);
    expect(made).toEqual(["a", "b"]);
    upper("c"); // "a" is the oldest and goes
    upper("b");
    upper("a");
    expect(made).toEqual(["a", "b", "c", "a"]);
    clearMemos();
    upper("c");
    expect(made).toEqual(["a", "b", "c", "a", "c"]);
  });
});
