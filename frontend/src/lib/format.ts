// Dates in the reader's locale and time zone. Short forms go in the cell;
// the exact time, with seconds and the time zone, is shown where it matters
// (audit log, key details) rather than only on hover.

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const exactFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });
const utcDateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const utcFullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' });

export const formatDate = (iso: string) => dateFmt.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFmt.format(new Date(iso));
/** Date and time to the second, with the time zone: "Jun 30, 2027, 14:05:07 GMT+2". */
export const formatExact = (iso: string) => exactFmt.format(new Date(iso));
export const formatFull = (iso: string) => fullFmt.format(new Date(iso));

/**
 * A date-only expiry (`key issue --expires 2027-06-30`) is stored as the
 * last second of that day in UTC, 23:59:59Z. Shown in the reader's zone it
 * would be the next day east of UTC, so it is shown as the UTC date that
 * was chosen. (A custom date picked on this page is the end of that day in
 * the admin's own zone, and shows as that day in it.)
 */
export function isDateOnlyExpiry(iso: string): boolean {
  const d = new Date(iso);
  return d.getUTCHours() === 23 && d.getUTCMinutes() === 59 && d.getUTCSeconds() === 59;
}

/** The day a key expires, as it was chosen. */
export const formatExpiry = (iso: string) => (isDateOnlyExpiry(iso) ? utcDateFmt : dateFmt).format(new Date(iso));

/** The exact expiry: "end of" the UTC day for a date-only expiry. */
export const formatExpiryFull = (iso: string) =>
  isDateOnlyExpiry(iso) ? `End of ${utcFullFmt.format(new Date(iso))}` : formatFull(iso);

/** When a key stops, for a sentence: "end of 30 Jun 2027 (UTC)" for a date-only expiry. */
export const formatExpiryMoment = (iso: string) => (isDateOnlyExpiry(iso) ? `end of ${formatExpiry(iso)} (UTC)` : formatDateTime(iso));

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Active keys that expire within this many days get an "Expires soon" label. */
export const EXPIRES_SOON_DAYS = 14;

export function pluralize(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
