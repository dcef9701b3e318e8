import { describe, expect, it } from 'vitest';
import { addMonths, endOfDay, maxCustomDate, toRfc3339, validateCustomDate, validateName } from './keyForm';

describe('keyForm rules', () => {
  it('counts a name after trimming, in characters', () => {
    expect(validateName('  ok  ')).toBeUndefined();
    expect(validateName('é'.repeat(100))).toBeUndefined();
    expect(validateName('x'.repeat(101))).toMatch(/at most 100/);
    expect(validateName(' \t ')).toMatch(/Enter a name/);
    expect(validateName('line\nbreak')).toMatch(/control characters/);
  });

  it('lets the latest offered custom date pass and the day after fail', () => {
    const now = new Date(2026, 10, 26, 10, 0, 0);
    const max = maxCustomDate(now);
    expect(validateCustomDate(max, now)).toBeUndefined();
    const after = new Date(endOfDay(max)!.getTime() + 1000);
    const next = `${after.getFullYear()}-${String(after.getMonth() + 1).padStart(2, '0')}-${String(after.getDate()).padStart(2, '0')}`;
    expect(validateCustomDate(next, now)).toMatch(/two years/);
    expect(endOfDay(max)!.getTime()).toBeLessThanOrEqual(addMonths(now, 24).getTime());
  });

  it('accepts today (it ends tonight) but not yesterday', () => {
    const now = new Date(2026, 10, 26, 10, 0, 0);
    expect(validateCustomDate('2026-11-26', now)).toBeUndefined();
    expect(validateCustomDate('2026-11-25', now)).toMatch(/future/);
    expect(validateCustomDate('2026-02-30', now)).toMatch(/valid date/);
  });

  it('writes RFC 3339 with the local offset', () => {
    const d = endOfDay('2027-03-31')!;
    expect(toRfc3339(d)).toMatch(/^2027-03-31T23:59:59\.999[+-]\d\d:\d\d$/);
    expect(new Date(toRfc3339(d)).getTime()).toBe(d.getTime());
  });
});
