import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiKeysPage } from './ApiKeysPage';
import { data, inDays, keysPage, makeKey, makeViewer, mockGraphQL } from '../../test/graphql';

const policy = (days: number | null = null) => () => data({ viewer: { organization: { id: 'o1', maxKeyLifetimeDays: days } } });

function rowOf(name: string) {
  return screen.getByRole('link', { name }).closest('tr')!;
}

describe('the keys list', () => {
  it('shows active keys first, with counts, and switches to revoked', async () => {
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: ({ filter }) => {
        const revoked = JSON.stringify(filter).includes('REVOKED');
        return data(keysPage([makeKey({ name: revoked ? 'Old ERP' : 'Website inventory sync' })], { counts: { active: 1, revoked: 4, expired: 2 } }));
      },
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    expect(await screen.findByRole('link', { name: 'Website inventory sync' })).toBeInTheDocument();
    expect(api.callsOf('Keys')[0].variables.filter).toEqual({ search: '', status: ['ACTIVE'] });
    const status = screen.getByRole('group', { name: 'Status' });
    expect(within(status).getByRole('radio', { name: 'Active (1)' })).toBeChecked();
    expect(within(status).getByRole('radio', { name: 'All (7)' })).not.toBeChecked();

    await user.click(within(status).getByRole('radio', { name: 'Revoked (4)' }));
    expect(await screen.findByRole('link', { name: 'Old ERP' })).toBeInTheDocument();
    expect(api.callsOf('Keys').at(-1)!.variables.filter).toEqual({ search: '', status: ['REVOKED'] });
  });

  it('searches by a prefix pasted from a log, and says when nothing matches', async () => {
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: ({ filter }) => data(keysPage((filter as { search: string }).search ? [] : [makeKey({ name: 'ERP' })])),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByRole('link', { name: 'ERP' });
    await user.type(screen.getByRole('searchbox', { name: 'Search keys' }), '  iops_Ab3dE9x ');
    expect(await screen.findByText('No keys match your search.')).toBeInTheDocument();
    expect(api.callsOf('Keys').at(-1)!.variables).toMatchObject({ search: 'iops_Ab3dE9x', filter: { search: 'iops_Ab3dE9x' } });
  });

  it('states every status in words, without hovering', async () => {
    const admin = { id: 'u1', name: 'Ada Admin' };
    mockGraphQL({
      KeyPolicy: policy(),
      Keys: () =>
        data(
          keysPage([
            makeKey({ name: 'Fresh' }),
            makeKey({ name: 'Soon', expiresAt: inDays(4.5) }),
            makeKey({ name: 'Switching', revokedAt: inDays(1), revocationReason: 'ROTATED' }),
            makeKey({ name: 'Leaked', status: 'REVOKED', revokedAt: inDays(-1), revocationReason: 'EXPOSED' }),
            makeKey({ name: 'By hand', status: 'REVOKED', revokedAt: inDays(-2), revocationReason: 'REVOKED', revokedBy: admin }),
            makeKey({ name: 'Old', status: 'EXPIRED', expiresAt: inDays(-5) }),
            makeKey({ name: 'From support', createdBy: null }),
          ]),
        ),
    });
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByRole('link', { name: 'Fresh' });
    expect(rowOf('Fresh')).toHaveTextContent('Active');
    expect(rowOf('Soon')).toHaveTextContent('Expires in 5 days');
    expect(rowOf('Switching')).toHaveTextContent(/Rotating\s*Works until/);
    expect(rowOf('Leaked')).toHaveTextContent(/Revoked\s*Reported exposed/);
    expect(rowOf('By hand')).toHaveTextContent(/Revoked\s*By Ada Admin/);
    expect(rowOf('Old')).toHaveTextContent('Expired');
    expect(rowOf('From support')).toHaveTextContent('Issued by ImportOps support');
    // Only working keys can be revoked (a rotating one: to end its overlap now), and each button names its key.
    expect(screen.getAllByRole('button', { name: /^Revoke / }).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Revoke Fresh',
      'Revoke Soon',
      'Revoke Switching',
      'Revoke From support',
    ]);
  });

  it('shows a Core-plan admin the plan first and the keys as Paused, with New key disabled', async () => {
    mockGraphQL({ KeyPolicy: policy(), Keys: () => data(keysPage([makeKey({ name: 'ERP' })])) });
    render(<ApiKeysPage viewer={makeViewer({ apiAccess: false })} />);
    await screen.findByRole('link', { name: 'ERP' });
    const notice = screen.getByText(/API access is part of the Pro plan/);
    expect(notice.compareDocumentPosition(screen.getByRole('table')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(rowOf('ERP')).toHaveTextContent(/Paused\s*Your plan does not include API access/);
    expect(screen.getByRole('button', { name: 'New key' })).toBeDisabled();
  });

  it('pages through keys with Load more', async () => {
    const first = Array.from({ length: 20 }, (_, i) => makeKey({ name: `Page one ${i}` }));
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: ({ after }) =>
        data(after ? keysPage([makeKey({ name: 'Page two' })], { totalCount: 21 }) : keysPage(first, { hasNextPage: true, totalCount: 21 })),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText('Page one 0');
    expect(screen.getByText('Showing 20 of 21 keys')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load more keys' }));
    expect(await screen.findByText('Page two')).toBeInTheDocument();
    expect(api.callsOf('Keys').map((c) => c.variables.after)).toEqual([null, `cursor-${first[19].id}`]);
  });

  it('tells a member that only admins manage keys, and asks nothing', () => {
    const api = mockGraphQL({});
    render(<ApiKeysPage viewer={makeViewer({ role: 'MEMBER' })} />);
    expect(screen.getByText('Only admins can manage API keys.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New key' })).not.toBeInTheDocument();
    expect(api.fetchMock).not.toHaveBeenCalled();
  });

  it('folds the advice away, with a link to the API documentation', async () => {
    mockGraphQL({ KeyPolicy: policy(), Keys: () => data(keysPage([])) });
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText(/No active keys/);
    const help = screen.getByText('How API keys work').closest('details')!;
    expect(help).not.toHaveAttribute('open');
    expect(within(help).getByRole('link', { name: 'API documentation' })).toHaveAttribute('href', '/docs/api.txt');
  });
});

describe('revoking from the list', () => {
  it('revokes, keeps the row labelled Revoked, and puts focus back on it', async () => {
    const key = makeKey({ id: 'k42', name: 'Website inventory sync', prefix: 'iops_Ab3dE9x' });
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: () => data(keysPage([key, makeKey({ name: 'Other' })])),
      RevokeApiKey: () =>
        data({ revokeApiKey: { apiKey: { ...key, status: 'REVOKED', revokedAt: new Date().toISOString(), revocationReason: 'REVOKED', revokedBy: { id: 'u1', name: 'Ada Admin' } } } }),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke Website inventory sync' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke “Website inventory sync”?' });
    expect(within(dialog).getByText('iops_Ab3dE9x…')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    expect(api.callsOf('RevokeApiKey').map((c) => c.variables)).toEqual([{ id: 'k42' }]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(rowOf('Website inventory sync')).toHaveTextContent(/Revoked\s*By Ada Admin/);
    expect(screen.queryByRole('button', { name: 'Revoke Website inventory sync' })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Active (1)' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Revoked (1)' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('link', { name: 'Website inventory sync' })).toHaveFocus());
    expect(screen.getByText(/Revoked “Website inventory sync”. Requests using it are now refused./)).toBeInTheDocument();
  });

  it('can be cancelled while the request never answers, and then says the outcome is unknown', async () => {
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: () => data(keysPage([makeKey({ name: 'ERP' })])),
      RevokeApiKey: () => new Promise(() => {}),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke ERP' }));
    await user.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(screen.getByRole('button', { name: 'Revoking…' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('“ERP” may or may not be revoked');
    expect(api.callsOf('RevokeApiKey')[0].init.signal?.aborted).toBe(true);
    await waitFor(() => expect(api.callsOf('Keys')).toHaveLength(2));
  });
});

describe('creating a key in the dialog', () => {
  async function create() {
    const created = makeKey({ id: 'new1', name: 'New integration' });
    const api = mockGraphQL({
      KeyPolicy: policy(),
      Keys: () => data(keysPage([])),
      CreateApiKey: () => data({ createApiKey: { token: 'iops_tokenvalue', apiKey: created } }),
    });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await screen.findByText(/No active keys/);
    await user.click(screen.getByRole('button', { name: 'New key' }));
    const dialog = screen.getByRole('dialog', { name: 'New API key' });
    await user.type(within(dialog).getByLabelText('Name'), 'New integration');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    await screen.findByRole('dialog', { name: 'Key “New integration” created' });
    return { api, user };
  }

  it('shows the token once with ready-to-paste snippets, and the new row', async () => {
    await create();
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('iops_tokenvalue')).toBeInTheDocument();
    expect(within(dialog).getByText('export IMPORTOPS_API_KEY=iops_tokenvalue')).toBeInTheDocument();
    expect(within(dialog).getByText(/curl -s "http:\/\/localhost(:\d+)?\/graphql" -H "Authorization: Bearer iops_tokenvalue"/)).toBeInTheDocument();
    expect(rowOf('New integration')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Active (1)' })).toBeChecked();
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('iops_tokenvalue');
    expect(window.location.href).not.toContain('iops_tokenvalue');
  });

  it('asks before closing an uncopied token, and closes without asking once copied', async () => {
    const { user } = await create();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(confirm).toHaveBeenCalledWith(expect.stringMatching(/not copied the key/));
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith('iops_tokenvalue');
    confirm.mockClear();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(confirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('link', { name: 'New integration' })).toHaveFocus());
  });

  it('can be closed while creating never answers, and says the outcome is unknown', async () => {
    const api = mockGraphQL({ KeyPolicy: policy(), Keys: () => data(keysPage([])), CreateApiKey: () => new Promise(() => {}) });
    const user = userEvent.setup();
    render(<ApiKeysPage viewer={makeViewer()} />);
    await user.click(screen.getByRole('button', { name: 'New key' }));
    await user.type(screen.getByLabelText('Name'), 'ERP');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByRole('button', { name: 'Creating…' })).toBeDisabled();
    await act(async () => {
      screen.getByRole('dialog').dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('may or may not have been created');
    expect(api.callsOf('CreateApiKey')[0].init.signal?.aborted).toBe(true);
    await waitFor(() => expect(api.callsOf('Keys').length).toBeGreaterThan(1));
  });
});
