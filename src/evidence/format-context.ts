import type { RawEvent } from "../model/event.js";
import { createChangeDetector } from "./changes/index.js";
import type { FormatContext, WallClock, ZoneOrigin } from "./evidence-format.js";
import type { SourceAccount } from "./source-account.js";
import { YearInference } from "./time/year-inference.js";
import { ZoneConverter } from "./time/zone.js";

/** What the pipeline knows about a file before its parser runs. */
export interface PipelineContextOptions {
  path: string;
  zone: string;
  zoneOrigin: ZoneOrigin;
  window: { start: number; end: number } | undefined;
  /** Modification time of the file (epoch ms), the last resort for year-less timestamps. */
  fileMtime: number | undefined;
  account: SourceAccount;
  onEvent: ((event: RawEvent) => void) | undefined;
  related?: ((name: string) => string | undefined) | undefined;
}

/** The {@link FormatContext} the pipeline hands to parsers, plus what it learnt for the source record. */
export interface PipelineContext extends FormatContext {
  /** Zones the data stated, in the order first seen. */
  readonly dataZones: string[];
  /** True once any timestamp was converted with the assumed zone (not a zone from the data). */
  readonly usedAssumedZone: boolean;
  /** Whole-file problems. */
  readonly warnings: string[];
}

// Date's own limits: beyond these an instant cannot be written as ISO-8601
const MAX_TS = 8.64e15;

/** Build the context for one file. Events with impossible instants are counted as skips, never emitted. */
export function createPipelineContext(options: PipelineContextOptions): PipelineContext {
  const { account, onEvent } = options;
  // change records hide in ordinary logs, chat and Kubernetes events (a CI job's rollout output, a Terraform apply)
  const detectChange = createChangeDetector();
  const converter = new ZoneConverter(options.zone);
  const dataZones: string[] = [];
  const warnings: string[] = [];
  let usedAssumed = false;
  let lastLocal: number | undefined;
  const years = new YearInference({
    window: options.window,
    fileMtime: options.fileMtime,
    onFallback: (year) =>
      warnings.push(
        `year-less timestamps: no incident window and no full date earlier in the file; used ${year} from the file's modification time (pass --window to be sure)`,
      ),
  });
  const ctx: PipelineContext = {
    path: options.path,
    zone: options.zone,
    zoneOrigin: options.zoneOrigin,
    window: options.window,
    fileMtime: options.fileMtime,
    dataZones,
    warnings,
    get usedAssumedZone() {
      return usedAssumed;
    },
    emit(event: RawEvent): void {
      const ts = event.ts;
      if (!(ts > -MAX_TS && ts < MAX_TS)) {
        account.skip(event.line, "invalid-timestamp", event.message);
        return;
      }
      account.event(ts);
      if (onEvent) onEvent(detectChange(event));
    },
    skip(lineNo: number, reason: string, excerpt: string): void {
      account.skip(lineNo, reason, excerpt);
    },
    noteZoneFromData(zone: string): void {
      if (!dataZones.includes(zone)) dataZones.push(zone);
    },
    localToEpoch(fields: WallClock): number {
      usedAssumed = true;
      const t = converter.toEpoch(fields, lastLocal);
      lastLocal = t;
      return t;
    },
    inferYear(month: number, day: number): number {
      return years.inferYear(month, day);
    },
    noteYear(year: number, month: number): void {
      years.noteYear(year, month);
    },
    warn(message: string): void {
      if (!warnings.includes(message)) warnings.push(message);
    },
    related(name: string): string | undefined {
      return options.related?.(name);
    },
  };
  return ctx;
}
