/**
 * Small formatting helpers that reproduce how the real tools print times and numbers; each says which tool and
 * which of its settings it imitates.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** nginx `$time_local` with the server in UTC: `09/Feb/2025:10:05:23 +0000` (whole seconds). */
export function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * Go's `time.RFC3339Nano` as kubelet writes container log timestamps and `kubectl logs --timestamps` prints them:
 * nanoseconds with trailing zeros trimmed (and no fraction at all when it is zero).
 */
export function rfc3339Nano(ms: number, nanosWithinMs: number): string {
  const d = new Date(Math.floor(ms));
  const base = d.toISOString().slice(0, 19);
  const nanos = (Math.floor(ms) % 1000) * 1_000_000 + nanosWithinMs;
  if (nanos === 0) return `${base}Z`;
  const frac = String(nanos).padStart(9, "0").replace(/0+$/, "");
  return `${base}.${frac}Z`;
}

/** pgbouncer's log prefix time (`log_date_format` default): `2025-02-09 10:05:25.402 UTC`. */
export function pgbouncerTime(ms: number): string {
  const d = new Date(ms);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 23)} UTC`;
}

/**
 * A sample value as Prometheus' HTTP API writes it: Go `strconv.FormatFloat(v, 'f', -1, 64)`, i.e. the shortest
 * decimal that round-trips, never in exponent form; NaN and infinities by name.
 */
export function promValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "+Inf";
  if (v === Number.NEGATIVE_INFINITY) return "-Inf";
  const s = String(v);
  if (!/e/i.test(s)) return s;
  // JS switches to exponent form below 1e-6; expand it the way Go's 'f' format would.
  const [mantissa = "0", expPart = "0"] = s.split(/e/i);
  const exp = Number(expPart);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const pointAt = mantissa.replace("-", "").indexOf(".");
  const intLen = (pointAt === -1 ? digits.length : pointAt) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${"0".repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + "0".repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return negative ? `-${out}` : out;
}

/** Serialise JSON the way most HTTP APIs answer: compact, one document. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Serialise JSON indented by two spaces with a final newline, as export tools and `jq .` write files. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
