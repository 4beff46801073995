import { isDebriefError } from "../model/debrief-error.js";

/** An error as it crosses from a worker thread: plain data, because class instances lose their class on the way. */
export interface WorkerError {
  message: string;
  code?: string;
  path?: string;
}

/** The plain-data form of an error thrown in a worker, keeping a DebriefError's code and file. */
export function toWorkerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (!isDebriefError(error)) return { message };
  return { message, code: error.code, ...(error.location ? { path: error.location.path } : {}) };
}
