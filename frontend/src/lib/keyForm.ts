import type { ApiKeyExpiry } from '../gql/graphql';

// The create-key form's rules, mirroring the server's (CONTRACT.md, Rules):
// the server stays the authority, these only spare a round trip.

export const NAME_MAX = 100;
const DAY = 24 * 60 * 60 * 1000;

export const EXPIRY_OPTIONS: { value: ApiKeyExpiry; label: string; months?: number }[] = [
  { value: 'THREE_MONTHS', label: '3 months', months: 3 },
  { value: 'SIX_MONTHS', label: '6 months', months: 6 },
  { value: 'ONE_YEAR', label: '1 year', months: 12 },
  { value: 'CUSTOM', label: 'Custom date' },
];

/** The expiry choices that fit the key policy (maxLifetimeDays, null = none):
 * a fixed choice is offered if it ends within the limit; the custom date always is. */
export function expiryOptions(maxLifetimeDays: number | null, now: Date) {
  if (maxLifetimeDays === null) return EXPIRY_OPTIONS;
  const limit = now.getTime() + maxLifetimeDays * DAY;
  return EXPIRY_OPTIONS.filter((o) => !o.months || addMonths(now, o.months).getTime() <= limit);
}

/** The latest instant a key may expire: two years ahead, or the policy's limit if shorter. */
export function latestExpiry(now: Date, maxLifetimeDays: number | null = null): Date {
  const twoYears = addMonths(now, 24);
  if (maxLifetimeDays === null) return twoYears;
  return new Date(Math.min(twoYears.getTime(), now.getTime() + maxLifetimeDays * DAY));
}

/** Calendar months from `from`, normalised like Go's time.AddDate. */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  d.setMonth(d.getMonth() + months);
  return d;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** "YYYY-MM-DD" of a local date, the format of <input type="date">. */
export function toDateInputValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last instant (23:59:59.999) of a "YYYY-MM-DD" day in the local time zone, or null if not a date. */
export function endOfDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const date = new Date(y, mo, d, 23, 59, 59, 999);
  if (date.getFullYear() !== y || date.getMonth() !== mo || date.getDate() !== d) return null;
  return date;
}

/** RFC 3339 with the local offset, e.g. 2027-03-31T23:59:59.999+02:00. */
export function toRfc3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${toDateInputValue(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `.${pad(d.getMilliseconds(), 3)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
  );
}

/** The latest day a custom expiry may end on: its last instant is within latestExpiry. */
export function maxCustomDate(now: Date, maxLifetimeDays: number | null = null): string {
  const limit = latestExpiry(now, maxLifetimeDays);
  const d = new Date(limit.getFullYear(), limit.getMonth(), limit.getDate());
  if (endOfDay(toDateInputValue(d))!.getTime() > limit.getTime()) d.setDate(d.getDate() - 1);
  return toDateInputValue(d);
}

const formatDay = (value: string) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(endOfDay(value)!);

// Go's unicode.IsControl: C0, DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function validateName(raw: string): string | undefined {
  const name = raw.trim();
  if (name.length === 0) return 'Enter a name for the key, such as where it is used.';
  if ([...name].length > NAME_MAX) return `Name must be at most ${NAME_MAX} characters (it has ${[...name].length}).`;
  if (CONTROL.test(name)) return 'Name cannot contain control characters such as tabs or line breaks.';
  return undefined;
}

export function validateCustomDate(value: string, now: Date, maxLifetimeDays: number | null = null): string | undefined {
  if (!value) return 'Choose the date the key expires.';
  const end = endOfDay(value);
  if (!end) return 'Enter a valid date.';
  if (end.getTime() <= now.getTime()) return 'Expiry date must be in the future.';
  if (end.getTime() > latestExpiry(now, maxLifetimeDays).getTime()) {
    return maxLifetimeDays === null || latestExpiry(now, maxLifetimeDays).getTime() === addMonths(now, 24).getTime()
      ? 'Expiry date must be at most two years ahead.'
      : `Your organisation’s policy allows keys of at most ${maxLifetimeDays} days: choose ${formatDay(maxCustomDate(now, maxLifetimeDays))} or earlier.`;
  }
  return undefined;
}
