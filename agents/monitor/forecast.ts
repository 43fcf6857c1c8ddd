// Disk fill rate by least squares over a window of samples, and the time until full it implies.

export interface Point { t: number; y: number }

/** Slope of y over t (units of y per unit of t) by ordinary least squares; null for < 2 distinct t. */
export function slope(points: readonly Point[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0, den = 0;
  for (const p of points) { num += (p.t - mt) * (p.y - my); den += (p.t - mt) ** 2; }
  return den > 0 ? num / den : null;
}

/** Seconds until `used` reaches `total` at `bytesPerSecond`; Infinity when not growing. */
export function secondsToFull(used: number, total: number, bytesPerSecond: number): number {
  if (bytesPerSecond <= 0) return Infinity;
  return Math.max(0, (total - used) / bytesPerSecond);
}

/** "~40 min", "~3 h", "~2 d": how long, for people. */
export function humanDuration(seconds: number): string {
  if (seconds < 3600) return `~${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 48 * 3600) return `~${Math.round(seconds / 3600)} h`;
  return `~${Math.round(seconds / 86400)} d`;
}
