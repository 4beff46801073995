import type { MiddlewareHandler } from "hono";
import { errorJson } from "./error-response.js";

/** Options of {@link concurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** Requests that run at once. */
  running: number;
  /** Requests that may wait for a slot; one more is answered 503 with Retry-After. */
  queued: number;
}

/**
 * At most `running` heavy requests (tool calls parse evidence, build timelines, render reports) at once, the next
 * `queued` waiting in order, anything beyond refused with 503: memory stays bounded however many clients call.
 */
export function concurrencyLimit(options: ConcurrencyLimitOptions): MiddlewareHandler {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (c, next) => {
    if (active >= options.running) {
      if (waiting.length >= options.queued) {
        c.header("Retry-After", "1");
        return errorJson(c, 503, "BUSY", "too many requests at once; retry shortly");
      }
      await new Promise<void>((resume) => waiting.push(resume));
    } else {
      active++;
    }
    try {
      await next();
    } finally {
      const resume = waiting.shift();
      // hand the slot straight to the next waiter, so active stays counted
      if (resume) resume();
      else active--;
    }
  };
}
