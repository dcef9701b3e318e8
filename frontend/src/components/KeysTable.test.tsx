import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeysTable } from './KeysTable';
import { inDays, makeKey } from '../../test/graphql';

function rowOf(name: string) {
  return screen.getByText(name).closest('tr')!;
}

describe('KeysTable', () => {
  it('has the column headers', () => {
    render(<KeysTable keys={[makeKey()]} onRevoke={() => {}} />);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(expect.arrayContaining(['Name', 'Key prefix', 'Scopes', 'Expiry date', 'Last used', 'Created']));
  });

  it('labels each key by status', () => {
    render(
      <KeysTable
        onRevoke={() => {}}
        keys={[
          makeKey({ name: 'Fresh', lastUsedAt: null }),
          makeKey({ name: 'Used', lastUsedAt: inDays(-1) }),
          makeKey({ name: 'Gone', status: 'REVOKED', revokedAt: inDays(-1) }),
          makeKey({ name: 'Old', status: 'EXPIRED', expiresAt: inDays(-2) }),
          makeKey({ name: 'Soon', expiresAt: inDays(5) }),
          makeKey({ name: 'Later', expiresAt: inDays(15) }),
        ]}
      />,
    );
    expect(within(rowOf('Fresh')).getByText('Never')).toBeInTheDocument();
    expect(within(rowOf('Used')).queryByText('Never')).not.toBeInTheDocument();

    const revoked = rowOf('Gone');
    expect(within(revoked).getByText('Revoked')).toBeInTheDocument();
    expect(revoked).toHaveClass('is-revoked');
    expect(within(revoked).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();

    expect(within(rowOf('Old')).getByText('Expired')).toBeInTheDocument();
    expect(within(rowOf('Soon')).getByText('Expires soon')).toBeInTheDocument();
    expect(within(rowOf('Later')).queryByText('Expires soon')).not.toBeInTheDocument();
    expect(within(rowOf('Later')).getByText('Active')).toBeInTheDocument();
    expect(within(rowOf('Soon')).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  });

  it('calls a key expired once its time has passed, even if listed as active', () => {
    render(<KeysTable keys={[makeKey({ name: 'Lapsed', expiresAt: inDays(-0.01) })]} onRevoke={() => {}} />);
    expect(within(rowOf('Lapsed')).getByText('Expired')).toBeInTheDocument();
  });

  it('shows dates with the exact time on hover', () => {
    const key = makeKey({ name: 'Dated', createdAt: '2026-01-15T10:30:00Z' });
    render(<KeysTable keys={[key]} onRevoke={() => {}} />);
    const created = within(rowOf('Dated')).getByText((_, el) => el?.getAttribute('datetime') === '2026-01-15T10:30:00Z');
    expect(created.tagName).toBe('TIME');
    expect(created.getAttribute('title')).toMatch(/2026/);
    expect(created.getAttribute('title')!.length).toBeGreaterThan(created.textContent!.length);
  });

  it('shows who created the key, or support', () => {
    render(<KeysTable keys={[makeKey({ name: 'Mine' }), makeKey({ name: 'Theirs', createdBy: null })]} onRevoke={() => {}} />);
    expect(within(rowOf('Mine')).getByText('by Ada Admin')).toBeInTheDocument();
    expect(within(rowOf('Theirs')).getByText('Issued by ImportOps support')).toBeInTheDocument();
  });
});
