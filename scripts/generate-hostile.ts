/**
 * Write the hostile-input corpus of the reliability suite (issue 18) under a folder (default
 * test/fixtures/hostile/, gitignored): special files, broken encodings, huge and pathological documents. Every
 * input is something a real incident folder can hold; Debrief must answer each with a named skip or a clear error
 * with its code, never a crash, a hang or a memory blow-up. Generation takes well under 30 s.
 *
 *   node --import tsx scripts/generate-hostile.ts [DIR] [--small]
 */
import { execFileSync } from "node:child_process";
import {
  closeSync,
  createWriteStream,
  mkdirSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { createGzip } from "node:zlib";

/** One input of the corpus and which kind of command reads it. */
export interface HostileInput {
  name: string;
  /** evidence: a file or folder given to `evidence` / `timeline`; postmortem: a postmortem.md for `lint` / `render`. */
  kind: "evidence" | "postmortem";
  path: string;
}

const MiB = 1024 * 1024;

async function writeStreamed(path: string, chunks: () => Generator<string | Buffer>, gzip = false): Promise<void> {
  const out = createWriteStream(path);
  const sink: NodeJS.WritableStream = gzip ? createGzip({ level: 9 }) : out;
  if (gzip) (sink as ReturnType<typeof createGzip>).pipe(out);
  for (const chunk of chunks()) {
    if (!sink.write(chunk)) await new Promise((r) => sink.once("drain", r));
  }
  sink.end();
  await finished(out);
}

/** Generate the corpus; `small` shrinks the big inputs (for quick local runs). */
export async function generateHostileCorpus(dir: string, options: { small?: boolean } = {}): Promise<HostileInput[]> {
  const scale = options.small ? 1 / 50 : 1;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const inputs: HostileInput[] = [];
  const folder = (name: string) => {
    const p = join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const add = (name: string, kind: HostileInput["kind"], path: string) => inputs.push({ name, kind, path });

  const fifo = folder("fifo-only");
  execFileSync("mkfifo", [join(fifo, "app.log")]);
  add("folder holding only a FIFO", "evidence", fifo);

  const devices = folder("devices");
  symlinkSync("/dev/zero", join(devices, "zero.log"));
  symlinkSync("/dev/null", join(devices, "null.log"));
  symlinkSync("/dev/urandom", join(devices, "random.log"));
  add("links to /dev/zero, /dev/null, /dev/urandom", "evidence", devices);

  const loops = folder("symlink-loop");
  symlinkSync("b.log", join(loops, "a.log"));
  symlinkSync("a.log", join(loops, "b.log"));
  symlinkSync(".", join(loops, "self"));
  add("symlink loop and a folder linking to itself", "evidence", loops);

  const text = folder("encodings");
  const bad = Buffer.concat([
    Buffer.from("2025-02-09T10:00:00Z ERROR payment failed for caf"),
    Buffer.from([0xe9, 0xff, 0xfe, 0xc3]),
    Buffer.from("\n2025-02-09T10:00:01Z INFO ok\n"),
  ]);
  writeFileSync(join(text, "invalid-utf8.log"), Buffer.concat(Array.from({ length: 100 }, () => bad)));
  add("invalid UTF-8", "evidence", join(text, "invalid-utf8.log"));
  writeFileSync(
    join(text, "crlf-nul.log"),
    Array.from(
      { length: 500 },
      (_, i) => `2025-02-09T10:00:${String(i % 60).padStart(2, "0")}Z ERROR x\0y${i % 3 ? "\r\n" : "\n"}`,
    ).join(""),
  );
  add("CRLF and NUL mix", "evidence", join(text, "crlf-nul.log"));

  const sparse = join(folder("sparse"), "huge.log");
  const fd = openSync(sparse, "w");
  writeSync(fd, "2025-02-09T10:00:00Z ERROR start\n");
  closeSync(fd);
  execFileSync("truncate", ["-s", options.small ? "64M" : "4G", sparse]);
  add(options.small ? "64 MiB sparse file" : "4 GiB sparse file", "evidence", sparse);

  const keys = Math.round(10_000_000 * scale);
  const manyKeys = join(folder("json-keys"), "metrics.json");
  await writeStreamed(manyKeys, function* () {
    yield "{";
    for (let i = 0; i < keys; i += 10_000) {
      let s = "";
      for (let k = i; k < Math.min(keys, i + 10_000); k++) s += `${k ? "," : ""}"k${k}":${k}`;
      yield s;
    }
    yield "}";
  });
  add(`JSON with ${keys.toLocaleString("en")} keys`, "evidence", manyKeys);

  const deep = join(folder("json-deep"), "alerts.json");
  writeFileSync(deep, `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  add("JSON nested 100,000 deep", "evidence", deep);

  const bigString = join(folder("json-string"), "events.json");
  const strMiB = Math.round(300 * scale);
  await writeStreamed(bigString, function* () {
    yield '{"message":"';
    const chunk = "x".repeat(MiB);
    for (let i = 0; i < strMiB; i++) yield chunk;
    yield '"}';
  });
  add(`JSON holding one ${strMiB} MB string`, "evidence", bigString);

  const slack = folder("slack-export");
  writeFileSync(join(slack, "channels.json"), JSON.stringify([{ id: "C1", name: "incident" }]));
  writeFileSync(join(slack, "users.json"), JSON.stringify([{ id: "U1", name: "alice" }]));
  mkdirSync(join(slack, "incident"));
  writeFileSync(
    join(slack, "incident", "2025-02-09.json"),
    JSON.stringify([{ type: "message", user: "U1", text: "rolling back", ts: "1739095200.000100" }]),
  );
  writeFileSync(join(slack, "incident", "2025-02-10.json"), '[{"type":"message","user":"U1","text":"half a da');
  add("Slack export with a malformed day file", "evidence", slack);

  const bombMiB = Math.round(500 * scale);
  const bomb = join(folder("gzip-bomb"), "prometheus.json.gz");
  await writeStreamed(
    bomb,
    function* () {
      yield '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[';
      const row = '[1739095200,"1"],';
      const chunk = row.repeat(Math.floor(MiB / row.length));
      for (let i = 0; i < bombMiB; i++) yield chunk;
      yield '[1739095200,"1"]]}]}}';
    },
    true,
  );
  add(`gzip bomb (${bombMiB} MB of Prometheus JSON)`, "evidence", bomb);

  const lineMiB = Math.round(500 * scale);
  const oneLine = join(folder("single-line"), "app.log");
  await writeStreamed(oneLine, function* () {
    yield "2025-02-09T10:00:00Z ERROR ";
    const chunk = "a".repeat(MiB);
    for (let i = 0; i < lineMiB; i++) yield chunk;
  });
  add(`one ${lineMiB} MB line`, "evidence", oneLine);

  const random = join(folder("random"), "app.log");
  writeFileSync(random, Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 2654435761) >>> 24)));
  add("random bytes", "evidence", random);

  const pm = async (name: string, content: string | (() => Generator<string>)): Promise<string> => {
    const p = join(folder(`pm-${name}`), "postmortem.md");
    if (typeof content === "string") writeFileSync(p, content);
    else await writeStreamed(p, content);
    return p;
  };
  add(
    "postmortem.md with broken front matter",
    "postmortem",
    await pm("front-matter", "---\nid: [INC-1\ntitle: {oops\nseverity: SEV2\n---\n# T\n\n## Summary\n\ntext\n"),
  );
  add(
    "postmortem.md with unclosed generated-block markers",
    "postmortem",
    await pm(
      "markers",
      "---\nid: INC-2\ntitle: t\nseverity: SEV2\nstatus: draft\n---\n# T\n\n## Timeline\n\n<!-- debrief:begin timeline -->\n| Time | Event |\n|---|---|\n| 2025-02-09 10:00 | x |\n\n## Impact\n\n<!-- debrief:begin impact -->\n<!-- debrief:end timeline -->\n",
    ),
  );
  const rows = Math.round(400_000 * scale);
  add(
    `postmortem.md with a ${Math.round(50 * scale)} MB table`,
    "postmortem",
    await pm("table", function* () {
      yield "---\nid: INC-3\ntitle: t\nseverity: SEV2\nstatus: draft\n---\n# T\n\n## Timeline\n\n| Time | Event | Source | Actor |\n|---|---|---|---|\n";
      for (let i = 0; i < rows; i += 1000) {
        let s = "";
        for (let k = i; k < i + 1000; k++)
          s += `| 2025-02-09 10:${String(k % 60).padStart(2, "0")}:00 | event ${k} happened here | \`evidence/app.log:${k}\` | |\n`;
        yield s;
      }
    }),
  );
  add(
    "postmortem.md of random bytes",
    "postmortem",
    await pm("random", Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 40503) >>> 8)).toString("latin1")),
  );
  return inputs;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = resolve(
    args.find((a) => !a.startsWith("--")) ?? join(import.meta.dirname, "..", "test", "fixtures", "hostile"),
  );
  const started = Date.now();
  const inputs = await generateHostileCorpus(dir, { small: args.includes("--small") });
  process.stdout.write(`${inputs.length} hostile inputs in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
