import { readFile } from "node:fs/promises";
import { DebriefError } from "../../model/debrief-error.js";
import { applyEdits, frontMatterEdits, parsePostmortem } from "../../postmortem/index.js";
import { readTimelinePins, TIMELINE_PINS_KEY, type TimelinePin } from "../../store/index.js";
import { withFileLock, writeFileAtomic } from "../../util/atomic-write.js";

/** An entry as written into the front matter: the time to the second, like sign-offs. */
function entryOf(pin: Omit<TimelinePin, "at">, at: Date): Record<string, string> {
  return { ref: pin.ref, state: pin.state, by: pin.by.trim(), at: at.toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/**
 * Record a timeline pin (or removal) in the post-mortem itself, front matter `timelinePins:` — the Markdown in git is
 * the source of truth and the team store mirrors the list on refresh, so a pin survives a rebuilt database. Written
 * like `draft` writes: under the post-mortem's lock, read fresh, only the value of `timelinePins` changes (earlier
 * entries for other lines kept as they were read, the one for this line replaced), the file replaced atomically.
 * Refused without a write when the file is missing, its front matter is not a YAML mapping, or the new value would
 * not read back as written.
 */
export async function recordTimelinePin(file: string, shown: string, pin: Omit<TimelinePin, "at">): Promise<void> {
  await withFileLock(file, async () => {
    let source: string;
    try {
      source = await readFile(file, "utf8");
    } catch {
      throw new DebriefError("INPUT_NOT_FOUND", `${shown} has no post-mortem to record the timeline pin in`, {
        location: { path: shown },
      });
    }
    const parsed = parsePostmortem(source, file);
    const before = parsed.postmortem.frontMatter[TIMELINE_PINS_KEY];
    const earlier = (Array.isArray(before) ? before : []).filter(
      (e) => !(e && typeof e === "object" && String((e as Record<string, unknown>).ref ?? "").trim() === pin.ref),
    );
    const value = [...earlier, entryOf(pin, new Date())];
    const edits = frontMatterEdits(source, [{ path: [TIMELINE_PINS_KEY], value }], parsed.tree);
    if (edits === null) {
      throw new DebriefError(
        "INPUT_INVALID",
        `the front matter of ${shown} is not a valid YAML mapping; fix it by hand before pinning timeline rows`,
        { location: { path: shown, line: 1 } },
      );
    }
    const next = applyEdits(source, edits);
    const written = readTimelinePins(parsePostmortem(next, file).postmortem.frontMatter[TIMELINE_PINS_KEY]);
    const back = written.find((p) => p.ref === pin.ref);
    if (back?.state !== pin.state || back.by !== pin.by.trim()) {
      throw new DebriefError(
        "STATE",
        `the timeline pin for ${pin.ref} would not read back from ${shown}; nothing written`,
        {
          location: { path: shown, line: 1 },
        },
      );
    }
    await writeFileAtomic(file, next);
  });
}
