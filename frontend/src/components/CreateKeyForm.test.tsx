import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CreateKeyForm } from './CreateKeyForm';
import { data, gqlError, makeKey, mockGraphQL } from '../../test/graphql';
import { toDateInputValue } from '../lib/keyForm';

function setup(handlers = {}, maxLifetimeDays: number | null = null) {
  const api = mockGraphQL(handlers);
  const onCreated = vi.fn();
  const user = userEvent.setup();
  render(<CreateKeyForm maxLifetimeDays={maxLifetimeDays} onCreated={onCreated} onPendingChange={() => {}} onCancel={() => {}} />);
  return { api, onCreated, user };
}

/** The error shown for a control: what its aria-describedby points at. */
function describedBy(el: HTMLElement) {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return toDateInputValue(d);
};

describe('CreateKeyForm validation', () => {
  it('refuses an empty name without asking the server', async () => {
    const { api, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const name = screen.getByLabelText('Name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(describedBy(name)).toMatch(/Enter a name/);
    expect(name).toHaveFocus();
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('refuses a name of only spaces', async () => {
    const { api, user } = setup();
    await user.type(screen.getByLabelText('Name'), '    ');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(screen.getByLabelText('Name'))).toMatch(/Enter a name/);
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('refuses a name over 100 characters', async () => {
    const { api, user } = setup();
    const name = screen.getByLabelText('Name');
    await user.click(name);
    await user.paste('x'.repeat(101));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(name)).toMatch(/at most 100 characters/);
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('requires a date for a custom expiry, in the future', async () => {
    const { api, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'Website inventory sync');
    expect(screen.queryByLabelText('Expiry date')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Expiry'), 'Custom date');
    const date = screen.getByLabelText('Expiry date');

    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(date)).toMatch(/Choose the date/);
    expect(date).toHaveFocus();

    await user.type(date, day(-1));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(date)).toMatch(/must be in the future/);

    await user.clear(date);
    await user.type(date, day(3 * 365));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(date)).toMatch(/at most two years ahead/);
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('offers the four expiries', () => {
    setup();
    const options = within(screen.getByLabelText('Expiry')).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['3 months', '6 months', '1 year', 'Custom date']);
  });
});

describe('CreateKeyForm submission', () => {
  it('sends the trimmed name and a preset expiry', async () => {
    const key = makeKey({ name: 'Website inventory sync' });
    const { api, user, onCreated } = setup({
      CreateApiKey: () => data({ createApiKey: { token: 'iops_secret', apiKey: key } }),
    });
    await user.type(screen.getByLabelText('Name'), '  Website inventory sync  ');
    await user.selectOptions(screen.getByLabelText('Expiry'), '1 year');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(api.callsOf('CreateApiKey')[0].variables).toEqual({ input: { name: 'Website inventory sync', expiry: 'ONE_YEAR' } });
    expect(onCreated).toHaveBeenCalledWith({ token: 'iops_secret', apiKey: key });
  });

  it('sends a custom date as the end of that day in local time, RFC 3339', async () => {
    const { api, user } = setup({
      CreateApiKey: () => data({ createApiKey: { token: 't', apiKey: makeKey() } }),
    });
    const target = day(10);
    await user.type(screen.getByLabelText('Name'), 'ERP');
    await user.selectOptions(screen.getByLabelText('Expiry'), 'Custom date');
    await user.type(screen.getByLabelText('Expiry date'), target);
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const input = api.callsOf('CreateApiKey')[0].variables.input as { expiry: string; expiresAt: string };
    expect(input.expiry).toBe('CUSTOM');
    expect(input.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT23:59:59\.999([+-]\d\d:\d\d)$/);
    const sent = new Date(input.expiresAt);
    expect(toDateInputValue(sent)).toBe(target);
    expect(sent.getHours()).toBe(23);
    expect(sent.getMilliseconds()).toBe(999);
  });

  it('shows a server error next to the field it names', async () => {
    const { user, onCreated } = setup({
      CreateApiKey: () => gqlError('BAD_USER_INPUT', 'A key with this name is not allowed', { field: 'name' }),
    });
    await user.type(screen.getByLabelText('Name'), 'Fine locally');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const name = screen.getByLabelText('Name');
    expect(await screen.findByText('A key with this name is not allowed')).toBeInTheDocument();
    expect(describedBy(name)).toMatch(/not allowed/);
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('shows a server expiresAt error next to the date', async () => {
    const { user } = setup({
      CreateApiKey: () => gqlError('BAD_USER_INPUT', 'Expiry date must be in the future', { field: 'expiresAt' }),
    });
    await user.type(screen.getByLabelText('Name'), 'ERP');
    await user.selectOptions(screen.getByLabelText('Expiry'), 'Custom date');
    await user.type(screen.getByLabelText('Expiry date'), day(1));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByText('Expiry date must be in the future');
    expect(describedBy(screen.getByLabelText('Expiry date'))).toMatch(/must be in the future/);
  });

  it('shows other server errors above the form', async () => {
    const { user } = setup({
      CreateApiKey: () => gqlError('PLAN_REQUIRED', 'API access is part of the Pro plan', {}, 403),
    });
    await user.type(screen.getByLabelText('Name'), 'ERP');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('API access is part of the Pro plan');
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid');
  });

  it('offers only the expiries the key policy allows', async () => {
    const { user } = setup({}, 120);
    const options = within(screen.getByLabelText('Expiry')).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['3 months', 'Custom date']);
    expect(screen.getByText(/at most 120 days/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Expiry'), 'Custom date');
    await user.type(screen.getByLabelText('Expiry date'), day(200));
    await user.type(screen.getByLabelText('Name'), 'ERP');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(describedBy(screen.getByLabelText('Expiry date'))).toMatch(/policy allows keys of at most 120 days/);
  });

  it('offers the first allowed expiry when even 3 months is too long', () => {
    setup({}, 30);
    expect(screen.getByLabelText('Expiry')).toHaveValue('CUSTOM');
    // The end of day 30 is more than 30 days from now: day 29 is the last that fits.
    expect(screen.getByLabelText('Expiry date')).toHaveAttribute('max', day(29));
  });
});
