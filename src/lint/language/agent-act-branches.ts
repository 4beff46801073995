/**
 * The agent-act fault marks run branch by branch (split-alternation.ts): `FAULT_MARK` and `FAULT_MARK_WORD` are
 * alternations of ~3,700 characters whose first run cost V8 ~50 ms to compile, and their required words as a whole
 * ("with", "that", "before") admit nearly every sentence; each branch's own words admit few. Shared by agent-acts.ts
 * and agent-predicates.ts so each branch is compiled once.
 * @module
 */
import { ENV_MISMATCH, FAULT_MARK, FAULT_MARK_WORD } from "./agent-act-patterns.js";
import { BranchedPattern } from "./split-alternation.js";

/** {@link FAULT_MARK}, same answers. */
export const FAULT_MARK_BRANCHES = new BranchedPattern(FAULT_MARK);
/** {@link FAULT_MARK_WORD}, same answers. */
export const FAULT_MARK_WORD_BRANCHES = new BranchedPattern(FAULT_MARK_WORD);
/** {@link ENV_MISMATCH}, same answers. */
export const ENV_MISMATCH_BRANCHES = new BranchedPattern(ENV_MISMATCH);
