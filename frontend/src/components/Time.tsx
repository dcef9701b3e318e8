import { formatDate, formatDateTime, formatFull } from '../lib/format';

/** A date (or date and time) in the reader's locale, the exact time on hover. */
export function Time({ value, withTime = false }: { value: string; withTime?: boolean }) {
  return (
    <time dateTime={value} title={formatFull(value)}>
      {withTime ? formatDateTime(value) : formatDate(value)}
    </time>
  );
}
