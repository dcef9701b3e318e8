import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiKeysPage } from './ApiKeysPage';
import { data, keysPage, makeKey, makeViewer, mockGraphQL } from '../../test/graphql';

function rowOf(name: string) {
  return screen.getByText(name).closest('tr')!;
}

describe('revoking a key', () => {
  async function open() {
    const key = makeKey({ id: 'k42', name: 'Website inventory sync', prefix: 'iops_Ab3dE9x' });
    const api = mockGraphQL({
      Keys: () => data(keysPage([key, makeKey({ name: 'Other' })])),
      RevokeApiKey: ({ id }) =>
        data({ revokeApiKey: { apiKey: { ...key, id: String(id), status: 'REVOKED', revokedAt: new Date().toISOString() } } }),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText('Website inventory sync');
    await user.click(within(rowOf('Website inventory sync')).getByRole('button', { name: 'Revoke' }));
    const dialog = screen.getByRole('dialog');
    return { api, user, dialog };
  }

  it('opens a dialog naming the key', async () => {
    const { dialog } = await open();
    expect(dialog).toHaveAttribute('open');
    expect(within(dialog).getByRole('heading')).toHaveTextContent('Revoke “Website inventory sync”?');
    expect(dialog).toHaveAccessibleName('Revoke “Website inventory sync”?');
    expect(within(dialog).getByText('iops_Ab3dE9x…')).toBeInTheDocument();
  });

  it('revokes on “Revoke key” and updates the row at once', async () => {
    const { api, user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(api.callsOf('RevokeApiKey').map((c) => c.variables)).toEqual([{ id: 'k42' }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const row = rowOf('Website inventory sync');
    expect(within(row).getByText('Revoked')).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
    expect(screen.getAllByText(/Revoked “Website inventory sync”/)[0]).toBeInTheDocument();
    expect(api.callsOf('Keys')).toHaveLength(1);
  });

  it('does nothing on Cancel', async () => {
    const { api, user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsOf('RevokeApiKey')).toHaveLength(0);
    expect(within(rowOf('Website inventory sync')).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  });

  it('shows a failure inside the dialog', async () => {
    const key = makeKey({ name: 'Flaky' });
    mockGraphQL({
      Keys: () => data(keysPage([key])),
      RevokeApiKey: () => ({ status: 503, body: { errors: [{ message: 'The database is unavailable', extensions: { code: 'UNAVAILABLE' } }] } }),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(within(screen.getByRole('dialog')).getByRole('alert')).toHaveTextContent('The database is unavailable');
  });
});

describe('API keys page', () => {
  it('creates a key: the panel shows the token and the table the new row', async () => {
    const created = makeKey({ name: 'New integration' });
    mockGraphQL({
      Keys: () => data(keysPage([])),
      CreateApiKey: () => data({ createApiKey: { token: 'iops_tokenvalue', apiKey: created } }),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    expect(await screen.findByText(/No API keys yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Name'), 'New integration');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('iops_tokenvalue')).toBeInTheDocument();
    expect(screen.queryByLabelText('Name')).not.toBeInTheDocument();
    expect(within(screen.getByRole('table')).getByText('New integration')).toBeInTheDocument();
    expect(screen.getByText('1 key')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('iops_tokenvalue')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('');
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('iops_tokenvalue');
    expect(window.location.href).not.toContain('iops_tokenvalue');
  });

  it('pages through keys with Load more', async () => {
    const first = Array.from({ length: 20 }, (_, i) => makeKey({ name: `Page one ${i}` }));
    const second = [makeKey({ name: 'Page two' })];
    const api = mockGraphQL({
      Keys: ({ after }) => data(after ? keysPage(second, { totalCount: 21 }) : keysPage(first, { hasNextPage: true, totalCount: 21 })),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText('Page one 0');
    expect(screen.getByText('Showing 20 of 21 keys')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Page two')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(api.callsOf('Keys').map((c) => c.variables)).toEqual([
      { first: 20, after: null },
      { first: 20, after: `cursor-${first[19].id}` },
    ]);
  });

  it('tells a member that only admins manage keys, with no form or table', () => {
    const api = mockGraphQL({});
    render(<ApiKeysPage viewer={makeViewer({ role: 'MEMBER' })} />);
    expect(screen.getByText('Only admins can manage API keys.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Name')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('tells a Core-plan admin that API access needs Pro, with a disabled form', async () => {
    mockGraphQL({ Keys: () => data(keysPage([])) });
    render(<ApiKeysPage viewer={makeViewer({ apiAccess: false })} />);
    await screen.findByText(/No API keys yet/);
    expect(screen.getByText('API access is part of the Pro plan.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Create key' })).toBeDisabled();
  });

  it('gives the good-practice advice', async () => {
    mockGraphQL({ Keys: () => data(keysPage([])) });
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText(/No API keys yet/);
    const advice = screen.getByRole('complementary', { name: 'Good practice' });
    expect(advice).toHaveTextContent(/one key per integration/i);
    expect(advice).toHaveTextContent(/shortest expiry/i);
    expect(advice).toHaveTextContent(/rotate/i);
    expect(advice).toHaveTextContent(/audit log/i);
  });
});
