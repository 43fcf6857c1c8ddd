// Time expressions → the epoch ms they start at: "since yesterday" (local midnight a day ago), "in the
// last hour", "last 2 days", "today", "this morning", "since monday", "3 hours ago". Works on words.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT: Record<string, number> = { minute: MINUTE, min: MINUTE, mins: MINUTE, minutes: MINUTE, hour: HOUR, hours: HOUR, hr: HOUR, hrs: HOUR, day: DAY, days: DAY, week: 7 * DAY, weeks: 7 * DAY, month: 30 * DAY, months: 30 * DAY };
const COUNT: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, twelve: 12, few: 3, couple: 2 };
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const PART_OF_DAY: Record<string, number> = { morning: 0, afternoon: 12, evening: 18, night: 18 };

function midnight(now: number, daysBack = 0): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - daysBack);
  return d.getTime();
}

const count = (w: string | undefined) => (w === undefined ? undefined : /^\d+$/.test(w) ? Number(w) : COUNT[w]);

export interface TimeHit { since: number; start: number; end: number }

/** The first time expression in `ws` (lower-case words), or undefined. */
export function findTime(ws: readonly string[], now: number): TimeHit | undefined {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    const next = ws[i + 1];
    if (w === "yesterday") return { since: midnight(now, 1), start: i, end: i + 1 };
    if (w === "today" || w === "tonight") return { since: midnight(now), start: i, end: i + 1 };
    if (w === "overnight") return { since: midnight(now, 1) + 18 * HOUR, start: i, end: i + 1 };
    if (w === "this" && next !== undefined) {
      if (next in PART_OF_DAY) return { since: midnight(now) + PART_OF_DAY[next]! * HOUR, start: i, end: i + 2 };
      if (next === "week") return { since: midnight(now, (new Date(now).getDay() + 6) % 7), start: i, end: i + 2 };
      if (next === "month") { const d = new Date(midnight(now)); d.setDate(1); return { since: d.getTime(), start: i, end: i + 2 }; }
    }
    if ((w === "last" || w === "past") && next === "night") return { since: midnight(now, 1) + 18 * HOUR, start: i, end: i + 2 };
    if (w === "last" || w === "past") {
      // "last hour", "past 2 days", "last few hours", "last couple of days"
      let j = i + 1;
      let n = count(ws[j]);
      if (n !== undefined) j++; else n = 1;
      if (ws[j] === "of") j++;
      const unit = UNIT[ws[j] ?? ""];
      if (unit !== undefined) return { since: now - n * unit, start: i, end: j + 1 };
    }
    const n = count(w);
    const unit = UNIT[next ?? ""];
    if (n !== undefined && unit !== undefined && ws[i + 2] === "ago") return { since: now - n * unit, start: i, end: i + 3 };
    const day = WEEKDAYS.indexOf(w);
    if (day >= 0) {
      const back = ((new Date(now).getDay() - day + 7) % 7) || 7;
      return { since: midnight(now, back), start: i, end: i + 1 };
    }
  }
  return undefined;
}
