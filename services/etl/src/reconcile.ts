/**
 * Days where sources disagree: daily closes grouped by trading day (a daily bar starts at midnight
 * in its exchange's zone, so noon UTC after the start names the day for any zone within ±12 h),
 * kept where the highest close exceeds the lowest by more than `tolerance` (relative).
 */
export function reconcile(
  closes: readonly { start: number; source: string; close: number }[],
  tolerance: number,
): { date: string; closes: Record<string, number>; difference: number }[] {
  const days = new Map<string, Record<string, number>>();
  for (const c of closes) {
    const date = new Date(c.start + 43_200_000).toISOString().slice(0, 10);
    const day = days.get(date) ?? {};
    day[c.source] = c.close;
    days.set(date, day);
  }
  const out = [];
  for (const [date, bySource] of days) {
    const values = Object.values(bySource);
    if (values.length < 2) continue;
    const difference = Math.max(...values) / Math.min(...values) - 1;
    if (difference > tolerance) out.push({ date, closes: bySource, difference });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}
