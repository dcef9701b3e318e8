import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

// A reader in Berlin (UTC+2 in summer), set before the formatters are made.
vi.hoisted(() => {
  process.env.TZ = 'Europe/Berlin';
});

const { formatDate, formatExact, formatExpiry, formatExpiryFull, formatExpiryMoment, isDateOnlyExpiry } = await import('./format');
const { Time } = await import('../components/Time');

const utcDay = (y: number, m: number, d: number) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));

describe('a date-only expiry read in Europe', () => {
  // What `key issue --expires 2027-06-30` stores.
  const chosen = '2027-06-30T23:59:59Z';

  it('is in effect: the plain local date of that instant is already the next day', () => {
    expect(formatDate(chosen)).toBe(utcDay(2027, 7, 1));
  });

  it('shows the day support chose', () => {
    expect(isDateOnlyExpiry(chosen)).toBe(true);
    expect(formatExpiry(chosen)).toBe(utcDay(2027, 6, 30));
    expect(formatExpiryFull(chosen)).toMatch(/^End of .*30.*2027/);
    expect(formatExpiryMoment(chosen)).toBe(`end of ${utcDay(2027, 6, 30)} (UTC)`);
    render(<Time value={chosen} expiry />);
    const time = screen.getByText(utcDay(2027, 6, 30));
    expect(time).toHaveAttribute('datetime', chosen);
    expect(screen.queryByText(utcDay(2027, 7, 1))).not.toBeInTheDocument();
  });

  it('shows a custom date picked on the page (end of the admin’s own day) as that day', () => {
    const berlinEnd = '2027-06-30T23:59:59.999+02:00';
    expect(isDateOnlyExpiry(berlinEnd)).toBe(false);
    expect(formatExpiry(berlinEnd)).toBe(utcDay(2027, 6, 30));
  });
});

describe('exact times', () => {
  it('show seconds and the time zone', () => {
    const s = formatExact('2027-06-30T12:05:07Z');
    expect(s).toMatch(/14:05:07|2:05:07/);
    expect(s).toMatch(/GMT\+2|CEST|Central European/);
  });
});
