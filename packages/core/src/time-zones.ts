/**
 * Wall-clock offsets of IANA time zones, through Intl (so daylight saving time is right). Pure and
 * browser-safe: the feed's exchange calendars and the dashboard's charts both read them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    // Throws a RangeError for a zone ICU does not know.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError unless `timeZone` is an IANA zone this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `ts` (ms; negative west of Greenwich). */
export function zoneOffset(ts: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const seconds = Math.floor(ts / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(seconds))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']! % 24, p['minute']!, p['second']!);
  return wall - seconds;
}
