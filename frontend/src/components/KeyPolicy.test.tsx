import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { data, gqlError, mockGraphQL } from '../../test/graphql';
import { KeyPolicy } from './KeyPolicy';

const saved = (days: number | null) => data({ setKeyPolicy: { id: 'o1', maxKeyLifetimeDays: days } });

describe('Maximum key lifetime', () => {
  it('saves a number of days and tells the page', async () => {
    const api = mockGraphQL({ SetKeyPolicy: ({ maxLifetimeDays }) => saved(maxLifetimeDays as number) });
    const onSaved = vi.fn();
    const user = userEvent.setup();
    render(<KeyPolicy maxLifetimeDays={null} onSaved={onSaved} />);
    await user.type(screen.getByLabelText('Maximum key lifetime'), '90');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Saved: new keys last at most 90 days.')).toBeInTheDocument();
    expect(api.callsOf('SetKeyPolicy')[0].variables).toEqual({ maxLifetimeDays: 90 });
    expect(onSaved).toHaveBeenCalledWith(90);
  });

  it('removes the limit when emptied', async () => {
    const api = mockGraphQL({ SetKeyPolicy: () => saved(null) });
    const user = userEvent.setup();
    render(<KeyPolicy maxLifetimeDays={30} onSaved={() => {}} />);
    await user.clear(screen.getByLabelText('Maximum key lifetime'));
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Saved: keys may last up to two years.')).toBeInTheDocument();
    expect(api.callsOf('SetKeyPolicy')[0].variables).toEqual({ maxLifetimeDays: null });
  });

  it('refuses a number out of range without asking the server', async () => {
    const api = mockGraphQL({});
    const user = userEvent.setup();
    render(<KeyPolicy maxLifetimeDays={null} onSaved={() => {}} />);
    await user.type(screen.getByLabelText('Maximum key lifetime'), '731');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(screen.getByLabelText('Maximum key lifetime')).toHaveAccessibleDescription(/from 1 to 730/);
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal next to the field', async () => {
    mockGraphQL({ SetKeyPolicy: () => gqlError('FORBIDDEN', 'Only admins can change the key policy') });
    const user = userEvent.setup();
    render(<KeyPolicy maxLifetimeDays={null} onSaved={() => {}} />);
    await user.type(screen.getByLabelText('Maximum key lifetime'), '30');
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Only admins can change the key policy')).toBeInTheDocument();
    expect(screen.getByLabelText('Maximum key lifetime')).toHaveAttribute('aria-invalid', 'true');
  });
});
