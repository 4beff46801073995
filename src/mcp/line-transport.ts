import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";

/** Longest line accepted from the client; longer input is answered with an error and dropped, never buffered. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * MCP over newline-delimited JSON-RPC on a pair of streams (stdin/stdout). Unlike the SDK's stdio transport it
 * answers a line that is not JSON with a JSON-RPC `-32700 Parse error` and a line that is JSON but not JSON-RPC with
 * `-32600 Invalid Request` (instead of dropping them silently), and it closes when the input ends, so
 * `debrief mcp < /dev/null` exits 0.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer = "";
  private dropping = false;
  private closed = false;
  /** The input ended: close once every request read so far is answered. */
  private ending = false;
  /** Ids of requests read and not yet answered. */
  private readonly pending = new Set<string | number>();
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  private readonly onData = (chunk: Buffer | string): void => {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    for (let nl = this.buffer.indexOf("\n"); nl !== -1; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (this.dropping) {
        this.dropping = false;
        continue;
      }
      this.handleLine(line);
    }
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.buffer = "";
      this.dropping = true;
      this.reply(null, -32700, `Parse error: a message longer than ${MAX_LINE_BYTES} bytes`);
    }
  };

  private readonly onEnd = (): void => {
    const rest = this.buffer.trim();
    this.buffer = "";
    if (rest.length > 0 && !this.dropping) this.handleLine(rest);
    this.ending = true;
    if (this.pending.size === 0) void this.close();
  };

  private readonly onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private handleLine(line: string): void {
    if (line.trim().length === 0) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.reply(null, -32700, "Parse error: the line is not valid JSON");
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = typeof json === "object" && json !== null && "id" in json ? (json as { id: unknown }).id : null;
      this.reply(typeof id === "string" || typeof id === "number" ? id : null, -32600, "Invalid Request");
      return;
    }
    const message = parsed.data;
    if ("method" in message && "id" in message) this.pending.add(message.id);
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private reply(id: string | number | null, code: number, message: string): void {
    // JSON-RPC answers an unidentifiable request with id null; the SDK's message type does not allow that
    this.write(`${JSON.stringify({ jsonrpc: "2.0", id, error: { code, message } })}\n`);
  }

  private write(text: string): Promise<void> {
    return new Promise((done) => {
      if (this.closed || this.output.destroyed) return done();
      if (this.output.write(text)) done();
      else this.output.once("drain", done);
    });
  }

  async start(): Promise<void> {
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.on("error", this.onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.write(`${JSON.stringify(message)}\n`);
    if (!("method" in message) && "id" in message && message.id !== undefined) {
      this.pending.delete(message.id);
      if (this.ending && this.pending.size === 0) await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.input.off("error", this.onStreamError);
    this.input.pause();
    this.onclose?.();
  }
}
