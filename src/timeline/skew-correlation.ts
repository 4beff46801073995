/**
 * Cross-correlation of per-second (or per-bin) counts, the arithmetic of the correlation proof of clock skew
 * (skew.ts): Pearson's r of one series against another shifted by a lag, for one lag or a range of lags.
 */

/** Sum of a sparse series into bins of `binSeconds`. */
export function binned(series: Map<number, number>, binSeconds: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [sec, v] of series) {
    const k = Math.floor(sec / binSeconds);
    out.set(k, (out.get(k) ?? 0) + v);
  }
  return out;
}

/** Pearson correlation of `a(t)` with `b(t + lag)` over the bins of `a`'s span. */
export function correlationAt(
  a: Map<number, number>,
  b: Map<number, number>,
  lag: number,
  lo: number,
  hi: number,
): number {
  const n = hi - lo + 1;
  if (n <= 1) return 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (const [k, v] of a) {
    if (k < lo || k > hi) continue;
    sa += v;
    saa += v * v;
    const w = b.get(k + lag);
    if (w !== undefined) sab += v * w;
  }
  for (const [k, w] of b) {
    const j = k - lag;
    if (j < lo || j > hi) continue;
    sb += w;
    sbb += w * w;
  }
  return pearson(n, sa, saa, sb, sbb, sab);
}

/** Pearson's r from the sums over `n` bins (sums of a, a², b, b², ab); 0 when either side is constant. */
function pearson(n: number, sa: number, saa: number, sb: number, sbb: number, sab: number): number {
  const va = saa - (sa * sa) / n;
  const vb = sbb - (sb * sb) / n;
  return va > 0 && vb > 0 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0;
}

/** Widest span (bins plus lags) {@link correlations} lays out as arrays; wider ones use the Map lookups. */
const DENSE_MAX_BINS = 4_000_000;

/**
 * {@link correlationAt} for every lag in `[lagFrom, lagTo]`. Same sums, but `b` laid out as an array with prefix
 * sums and `a` as its non-zero bins, so a lag costs one pass over `a`'s bins with array reads instead of Map
 * lookups over both: the per-second search around an incident (300 lags over a day of seconds) drops from most of
 * a second to milliseconds. Entry `i` is the correlation at lag `lagFrom + i`.
 */
export function correlations(
  a: Map<number, number>,
  b: Map<number, number>,
  lagFrom: number,
  lagTo: number,
  lo: number,
  hi: number,
): Float64Array {
  const out = new Float64Array(lagTo - lagFrom + 1);
  const n = hi - lo + 1;
  if (n <= 1) return out;
  const base = lo + lagFrom;
  const width = hi + lagTo - base + 1;
  if (width > DENSE_MAX_BINS) {
    for (let lag = lagFrom; lag <= lagTo; lag++) out[lag - lagFrom] = correlationAt(a, b, lag, lo, hi);
    return out;
  }
  const dense = new Float64Array(width);
  for (const [k, w] of b) {
    const j = k - base;
    if (j >= 0 && j < width) dense[j] = w;
  }
  const p1 = new Float64Array(width + 1);
  const p2 = new Float64Array(width + 1);
  for (let j = 0; j < width; j++) {
    const w = dense[j] as number;
    p1[j + 1] = (p1[j] as number) + w;
    p2[j + 1] = (p2[j] as number) + w * w;
  }
  const at: number[] = [];
  const val: number[] = [];
  let sa = 0;
  let saa = 0;
  for (const [k, v] of a) {
    if (k < lo || k > hi) continue;
    at.push(k - base);
    val.push(v);
    sa += v;
    saa += v * v;
  }
  for (let lag = lagFrom; lag <= lagTo; lag++) {
    let sab = 0;
    for (let i = 0; i < at.length; i++) sab += (val[i] as number) * (dense[(at[i] as number) + lag] as number);
    const from = lo + lag - base;
    const to = hi + lag - base + 1;
    const sb = (p1[to] as number) - (p1[from] as number);
    const sbb = (p2[to] as number) - (p2[from] as number);
    out[lag - lagFrom] = pearson(n, sa, saa, sb, sbb, sab);
  }
  return out;
}

/** The lag in `[lagFrom, lagTo]` with the highest correlation (ties: the one nearest to zero), and that r. */
export function bestLag(
  a: Map<number, number>,
  b: Map<number, number>,
  lagFrom: number,
  lagTo: number,
  lo: number,
  hi: number,
): { lag: number; r: number } {
  const rs = correlations(a, b, lagFrom, lagTo, lo, hi);
  let best = { lag: 0, r: Number.NEGATIVE_INFINITY };
  for (let lag = lagFrom; lag <= lagTo; lag++) {
    const r = rs[lag - lagFrom] as number;
    // sums taken in another order differ in the last bits: ties are judged with a margin, nearest to zero wins
    if (r > best.r + 1e-9 || (Math.abs(r - best.r) <= 1e-9 && Math.abs(lag) < Math.abs(best.lag))) best = { lag, r };
  }
  return best;
}

/** Lowest and highest key of a non-empty map, without spreading the keys into arguments (no stack limit). */
export function keySpan(m: Map<number, unknown>): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const k of m.keys()) {
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  return { lo, hi };
}
