import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiKeyDetailsPage } from './ApiKeyDetailsPage';
import { data, inDays, makeKey, makeViewer, mockGraphQL } from '../../test/graphql';
import type { KeyDetails } from '../types';

function details(over: Partial<KeyDetails> = {}): KeyDetails {
  const usage = Array.from({ length: 30 }, (_, i) => ({
    date: `2026-11-${String(i + 1).padStart(2, '0')}`,
    requests: i === 29 ? 40 : 2,
    refused: i === 28 ? 3 : 0,
  }));
  return {
    ...makeKey({ id: 'k1', name: 'Website inventory sync', prefix: 'iops_Ab3dE9x', lastUsedAt: inDays(-0.01) }),
    replacedBy: null,
    replaces: null,
    allowedIps: ['203.0.113.0/24'],
    lastUsedIp: '198.51.100.7',
    lastUsedUserAgent: 'inventory-sync/2.1',
    usage,
    ...over,
  };
}

const noAudit = () => data({ auditLog: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } });

function open(key: KeyDetails | null, handlers = {}) {
  const api = mockGraphQL({ Key: () => data({ key }), KeyAudit: noAudit, ...handlers });
  const user = userEvent.setup();
  render(<ApiKeyDetailsPage viewer={makeViewer()} params={{ id: key?.id ?? 'missing' }} />);
  return { api, user };
}

describe('key details', () => {
  it('shows the key: name as heading, prefix, creator, exact dates, last use and usage', async () => {
    const { api } = open(details());
    expect(await screen.findByRole('heading', { level: 1, name: 'Website inventory sync' })).toBeInTheDocument();
    expect(api.callsOf('Key')[0].variables).toEqual({ id: 'k1' });
    const facts = screen.getByRole('region', { name: 'Details' });
    expect(facts).toHaveTextContent('iops_Ab3dE9x…');
    expect(facts).toHaveTextContent('vehicles.read');
    expect(facts).toHaveTextContent('by Ada Admin');
    // Exact to the second, with the time zone.
    expect(facts).toHaveTextContent(/\d{1,2}:\d{2}:\d{2}\s*(AM|PM)?\s*(UTC|GMT|[A-Z]{2,5})/);
    expect(facts).toHaveTextContent('from 198.51.100.7');
    expect(facts).toHaveTextContent('with inventory-sync/2.1');
    expect(screen.getByRole('region', { name: 'Requests, last 30 days' })).toHaveTextContent('98 requests served and 3 refused in the last 30 days');
    expect(screen.getByRole('table', { name: 'Requests per day' })).toHaveTextContent('2026-11-30');
    expect(screen.getByLabelText('Allowed addresses')).toHaveValue('203.0.113.0/24');
    await waitFor(() => expect(api.callsOf('KeyAudit')[0]?.variables).toMatchObject({ apiKeyId: 'k1' }));
    expect(screen.getByRole('link', { name: 'Open this key’s entries in the audit log' })).toHaveAttribute('href', '/settings/audit-log?key=k1');
  });

  it('names ImportOps support as the creator of a support-issued key', async () => {
    open(details({ createdBy: null, scopes: ['vehicles.read', 'vehicles.write'], expiresAt: '2027-06-30T23:59:59Z', usage: details().usage.map((d) => ({ ...d, requests: 0, refused: 0 })) }));
    const facts = await screen.findByRole('region', { name: 'Details' });
    expect(screen.getByRole('region', { name: 'Requests, last 30 days' })).toHaveTextContent('No requests with this key in the last 30 days.');
    expect(facts).toHaveTextContent('Issued by ImportOps support');
    expect(facts).toHaveTextContent('vehicles.read, vehicles.write');
    // `key issue --expires 2027-06-30`: the day chosen, whatever the reader's zone.
    expect(facts).toHaveTextContent(/30.*2027.*the day chosen/);
  });

  it('says when the key does not exist', async () => {
    open(null);
    expect(await screen.findByRole('heading', { level: 1, name: 'Key not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← All API keys' })).toHaveAttribute('href', '/settings/api-keys');
  });

  it('renames the key', async () => {
    const key = details();
    const { api, user } = open(key, { RenameApiKey: ({ name }: Record<string, unknown>) => data({ renameApiKey: { ...key, name } }) });
    await user.click(await screen.findByRole('button', { name: 'Rename' }));
    await user.clear(screen.getByLabelText('New name'));
    await user.type(screen.getByLabelText('New name'), 'ERP sync');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'ERP sync' })).toBeInTheDocument();
    expect(api.callsOf('RenameApiKey')[0].variables).toEqual({ id: 'k1', name: 'ERP sync' });
  });

  it('saves allowed addresses, one per line, and shows the server’s refusal', async () => {
    const key = details({ allowedIps: [] });
    const { api, user } = open(key, {
      SetApiKeyAllowedIps: ({ cidrs }: Record<string, unknown>) =>
        (cidrs as string[]).includes('nonsense')
          ? { body: { data: null, errors: [{ message: '“nonsense” is not an IP address or CIDR range', extensions: { code: 'BAD_USER_INPUT', field: 'cidrs' } }] } }
          : data({ setApiKeyAllowedIps: { ...key, allowedIps: cidrs } }),
    });
    const box = await screen.findByLabelText('Allowed addresses');
    await user.type(box, 'nonsense');
    await user.click(screen.getByRole('button', { name: 'Save addresses' }));
    expect(await screen.findByText(/is not an IP address/)).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, '203.0.113.0/24{Enter}2001:db8::/64');
    await user.click(screen.getByRole('button', { name: 'Save addresses' }));
    expect(await screen.findByText('Saved: 2 allowed ranges.')).toBeInTheDocument();
    expect(api.callsOf('SetApiKeyAllowedIps').at(-1)!.variables).toEqual({ id: 'k1', cidrs: ['203.0.113.0/24', '2001:db8::/64'] });
  });

  it('links a rotated key and its replacement, and says when the old one was last used', async () => {
    open(details({ revokedAt: inDays(1), revocationReason: 'ROTATED', replacedBy: { id: 'k2', name: 'Website inventory sync', prefix: 'iops_NewKey1' } }));
    const link = await screen.findByRole('link', { name: /iops_NewKey1/ });
    expect(link).toHaveAttribute('href', '/settings/api-keys/k2');
    expect(link.closest('p')).toHaveTextContent(/This key was last used/);
    expect(screen.getByText('Rotating')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Rotate' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  });
});

describe('rotating from the details page', () => {
  it('asks for the overlap, then shows the new token, and the old key points to it', async () => {
    const key = details();
    const fresh: KeyDetails = details({ id: 'k2', name: key.name, prefix: 'iops_NewKey1', replaces: { id: 'k1', name: key.name, prefix: key.prefix } });
    const previous: KeyDetails = { ...key, revokedAt: inDays(1), revocationReason: 'ROTATED', replacedBy: { id: 'k2', name: key.name, prefix: 'iops_NewKey1' } };
    const { api, user } = open(key, { RotateApiKey: () => data({ rotateApiKey: { token: 'iops_newtoken', apiKey: fresh, previous } }) });
    await user.click(await screen.findByRole('button', { name: 'Rotate' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate “Website inventory sync”' });
    const overlap = within(dialog).getByRole('group', { name: 'How long the old key keeps working' });
    expect(within(overlap).getByRole('radio', { name: /1 hour/ })).toBeChecked();
    await user.click(within(overlap).getByRole('radio', { name: /1 day/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Rotate key' }));

    const done = await screen.findByRole('dialog', { name: 'Key “Website inventory sync” rotated' });
    expect(api.callsOf('RotateApiKey')[0].variables).toEqual({ id: 'k1', overlap: 'ONE_DAY' });
    expect(within(done).getByText('iops_newtoken')).toBeInTheDocument();
    expect(within(done).getByText(/keeps working until/)).toBeInTheDocument();

    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(within(done).getByRole('button', { name: 'Done' }));
    expect(window.confirm).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: /iops_NewKey1/ })).toHaveAttribute('href', '/settings/api-keys/k2');
    expect(screen.getByText('Rotating')).toBeInTheDocument();
  });

  it('shows a refusal inside the dialog and changes nothing', async () => {
    const { user } = open(details(), {
      RotateApiKey: () => ({ body: { data: null, errors: [{ message: 'Only active keys can be rotated', extensions: { code: 'BAD_USER_INPUT' } }] } }),
    });
    await user.click(await screen.findByRole('button', { name: 'Rotate' }));
    await user.click(screen.getByRole('button', { name: 'Rotate key' }));
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent('Only active keys can be rotated');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('can be closed while the rotation never answers, then re-checks the key and says so', async () => {
    const { api, user } = open(details(), { RotateApiKey: () => new Promise(() => {}) });
    await user.click(await screen.findByRole('button', { name: 'Rotate' }));
    await user.click(screen.getByRole('button', { name: 'Rotate key' }));
    expect(screen.getByRole('button', { name: 'Rotating…' })).toBeDisabled();
    // What Escape does in a browser (jsdom's <dialog> has no cancel of its own).
    await act(async () => {
      screen.getByRole('dialog').dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('may or may not have been rotated');
    expect(api.callsOf('RotateApiKey')[0].init.signal?.aborted).toBe(true);
    await waitFor(() => expect(api.callsOf('Key')).toHaveLength(2));
  });
});
