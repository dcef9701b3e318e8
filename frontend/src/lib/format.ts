// Dates in the reader's locale and time zone. Short forms go in the cell; the
// full date and time goes in the title attribute (shown on hover).

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

export const formatDate = (iso: string) => dateFmt.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFmt.format(new Date(iso));
export const formatFull = (iso: string) => fullFmt.format(new Date(iso));

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Active keys that expire within this many days get an "Expires soon" label. */
export const EXPIRES_SOON_DAYS = 14;

export function pluralize(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
