import { DebriefError } from "../model/debrief-error.js";
import type { EvidenceFormat } from "./evidence-format.js";

/**
 * The evidence formats one reading uses, in tie-breaking order, passed in (`ReadEvidenceOptions.formats`) rather
 * than kept in a module-level array. A format added by a plugin names the module that exports it, so a worker thread
 * can rebuild exactly the registry the main thread has: a registry is described by its plugin module URLs, and
 * {@link loadFormatRegistry} turns that description back into formats in any thread.
 */
export class FormatRegistry {
  readonly #formats: readonly EvidenceFormat[];
  readonly #modules: readonly string[];
  readonly #portable: boolean;

  /** Use {@link FormatRegistry.of} or {@link FormatRegistry.with}; `modules` are the plugin module URLs added. */
  private constructor(formats: readonly EvidenceFormat[], modules: readonly string[], portable: boolean) {
    this.#formats = formats;
    this.#modules = modules;
    this.#portable = portable;
  }

  /** A registry of exactly these formats (ids must be unique). */
  static of(formats: readonly EvidenceFormat[]): FormatRegistry {
    const seen = new Set<string>();
    for (const f of formats) {
      if (seen.has(f.id)) throw new DebriefError("INTERNAL", `an evidence format with id "${f.id}" is listed twice`);
      seen.add(f.id);
    }
    return new FormatRegistry([...formats], [], true);
  }

  /**
   * A new registry with `format` added last (lowest priority in ties). Pass `moduleUrl` (a module exporting the format
   * as `format` or `default`) so worker threads can load it too; without it the registry reads in-process only.
   */
  with(format: EvidenceFormat, moduleUrl?: string): FormatRegistry {
    if (this.find(format.id)) {
      throw new DebriefError("INTERNAL", `an evidence format with id "${format.id}" is already registered`);
    }
    return new FormatRegistry(
      [...this.#formats, format],
      moduleUrl === undefined ? this.#modules : [...this.#modules, moduleUrl],
      this.#portable && moduleUrl !== undefined,
    );
  }

  /** Every format, in tie-breaking order. */
  get formats(): readonly EvidenceFormat[] {
    return this.#formats;
  }

  /** Plugin module URLs a worker must import to see the same formats. */
  get modules(): readonly string[] {
    return this.#modules;
  }

  /** True when a worker thread can rebuild this registry (every plugin format names its module). */
  get portable(): boolean {
    return this.#portable;
  }

  /** The format with this id, or `undefined`. */
  find(id: string): EvidenceFormat | undefined {
    return this.#formats.find((f) => f.id === id);
  }

  /** Every id, for `--format` errors and help. */
  ids(): string[] {
    return this.#formats.map((f) => f.id);
  }
}

/**
 * Rebuild a registry from a base and plugin module URLs (what a worker thread receives). Each module exports its
 * format as `format` or `default`.
 */
export async function loadFormatRegistry(base: FormatRegistry, modules: readonly string[]): Promise<FormatRegistry> {
  let registry = base;
  for (const url of modules) {
    const mod = (await import(url)) as { format?: EvidenceFormat; default?: EvidenceFormat };
    const format = mod.format ?? mod.default;
    if (!format || typeof format.detect !== "function") {
      throw new DebriefError("INTERNAL", `format module ${url} exports no evidence format (as "format" or default)`);
    }
    registry = registry.with(format, url);
  }
  return registry;
}
