import { formatDate, formatDateTime, formatExact, formatExpiry, formatExpiryFull, formatFull } from '../lib/format';

/**
 * A date in the reader's locale, the full date and time on hover.
 * `withTime` adds the time; `exact` shows it to the second with the time
 * zone (no hovering needed); `expiry` shows a key's expiry as the day that
 * was chosen (see formatExpiry).
 */
export function Time({ value, withTime = false, exact = false, expiry = false }: { value: string; withTime?: boolean; exact?: boolean; expiry?: boolean }) {
  const shown = expiry ? formatExpiry(value) : exact ? formatExact(value) : withTime ? formatDateTime(value) : formatDate(value);
  return (
    <time dateTime={value} title={expiry ? formatExpiryFull(value) : formatFull(value)}>
      {shown}
    </time>
  );
}
