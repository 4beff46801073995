/**
 * mulberry32: a tiny, fast, seedable pseudo-random generator, uniform in [0, 1). Everything Debrief generates
 * (example incident, scenario tests, benchmark logs, demo workspace) must give the same bytes for the same seed on
 * every machine and Node version, which `Math.random` cannot promise; statistical quality beyond that is not needed.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
