const exact = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** A date and time to the second, with its time zone, in plain sight. */
export function ExactTime({ value }: { value: string }) {
  return <time dateTime={value}>{exact.format(new Date(value))}</time>;
}
