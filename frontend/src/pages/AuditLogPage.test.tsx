import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLogPage } from './AuditLogPage';
import { data, makeViewer, mockGraphQL } from '../../test/graphql';
import type { AuditEntry } from '../types';

function entry(over: Partial<AuditEntry>): AuditEntry {
  return {
    id: over.id ?? 'e1',
    action: 'api_key.created',
    actorName: 'Ada Admin',
    bySupport: false,
    detail: null,
    createdAt: '2026-11-30T12:05:07Z',
    apiKey: { id: 'k1', name: 'ERP sync', prefix: 'iops_AbC1234' },
    ...over,
  };
}

const page = (entries: AuditEntry[]) =>
  data({
    auditLog: {
      totalCount: entries.length,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: entries.map((node) => ({ cursor: `c-${node.id}`, node })),
    },
  });

const entries = [
  entry({ id: 'e3', action: 'api_key.revoked', apiKey: { id: 'k2', name: 'Website', prefix: 'iops_Web0001' } }),
  entry({ id: 'e2', action: 'api_key.created', actorName: 'Sam Support', bySupport: true, apiKey: { id: 'k2', name: 'Website', prefix: 'iops_Web0001' } }),
  entry({ id: 'e1', action: 'organization.plan_changed', actorName: 'ImportOps support', bySupport: true, apiKey: null }),
];

beforeEach(() => window.history.replaceState(null, '', '/settings/audit-log'));

describe('the audit log', () => {
  it('names actions, shows support as ImportOps support, links each key, and shows exact times with seconds', async () => {
    mockGraphQL({ AuditLog: () => page(entries) });
    render(<AuditLogPage viewer={makeViewer()} />);
    const list = await screen.findByRole('list', { name: 'Audit log' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Revoked key');
    expect(items[0]).toHaveTextContent('by Ada Admin');
    expect(within(items[0]).getByRole('link', { name: 'Website' })).toHaveAttribute('href', '/settings/api-keys/k2');
    expect(items[1]).toHaveTextContent('by ImportOps support');
    expect(screen.queryByText(/Sam Support/)).not.toBeInTheDocument();
    expect(items[2]).toHaveTextContent('Plan changed');
    const time = items[0].querySelector('time')!;
    expect(time).toHaveAttribute('datetime', '2026-11-30T12:05:07Z');
    expect(time.textContent).toMatch(/:05:07/); // seconds
    expect(time.textContent).toMatch(/GMT|UTC|[A-Z]{2,4}T/); // and the time zone
  });

  it('filters by action and by key, kept in the address', async () => {
    const api = mockGraphQL({ AuditLog: () => page(entries) });
    const user = userEvent.setup();
    render(<AuditLogPage viewer={makeViewer()} />);
    await screen.findByRole('list', { name: 'Audit log' });
    expect(api.callsOf('AuditLog')[0].variables.filter).toEqual({ actions: null, apiKeyId: null });

    await user.selectOptions(screen.getByLabelText('Action'), 'Revoked key');
    await screen.findByRole('list', { name: 'Audit log' });
    expect(api.callsOf('AuditLog').at(-1)?.variables.filter).toEqual({ actions: ['api_key.revoked'], apiKeyId: null });
    expect(window.location.search).toBe('?action=api_key.revoked');

    await user.click(screen.getAllByRole('button', { name: 'Only Website' })[0]);
    await screen.findByText(/Showing one key’s entries/);
    expect(api.callsOf('AuditLog').at(-1)?.variables.filter).toEqual({ actions: ['api_key.revoked'], apiKeyId: 'k2' });
    expect(new URLSearchParams(window.location.search).get('key')).toBe('k2');

    await user.click(screen.getByRole('button', { name: 'Show every key' }));
    await user.selectOptions(screen.getByLabelText('Action'), 'All actions');
    await screen.findByRole('list', { name: 'Audit log' });
    expect(api.callsOf('AuditLog').at(-1)?.variables.filter).toEqual({ actions: null, apiKeyId: null });
    expect(window.location.search).toBe('');
  });

  it('reads the filter from the address, and says when nothing matches', async () => {
    window.history.replaceState(null, '', '/settings/audit-log?key=k9&action=api_key.rotated');
    const api = mockGraphQL({ AuditLog: () => page([]) });
    render(<AuditLogPage viewer={makeViewer()} />);
    expect(await screen.findByText('No events match this filter.')).toBeInTheDocument();
    expect(api.calls[0].variables.filter).toEqual({ actions: ['api_key.rotated'], apiKeyId: 'k9' });
    expect(screen.getByLabelText('Action')).toHaveValue('api_key.rotated');
  });
});
