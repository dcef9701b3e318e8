import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { WebhooksPage } from './WebhooksPage';
import { App } from '../App';
import { data, gqlError, makeViewer, mockGraphQL } from '../../test/graphql';
import type { DeliveryFieldsFragment, WebhookFieldsFragment } from '../gql/graphql';

function delivery(over: Partial<DeliveryFieldsFragment> = {}): DeliveryFieldsFragment {
  return {
    id: 'd1',
    event: 'api_key.revoked',
    status: 'DELIVERED',
    attempts: 1,
    responseStatus: 204,
    createdAt: '2026-11-30T12:00:00Z',
    deliveredAt: '2026-11-30T12:00:01Z',
    ...over,
  };
}

function webhook(over: Partial<WebhookFieldsFragment> = {}, deliveries: DeliveryFieldsFragment[] = []): WebhookFieldsFragment {
  return {
    id: 'w1',
    url: 'https://hooks.acme.test/importops',
    events: [],
    createdAt: '2026-11-01T09:00:00Z',
    deliveries: { totalCount: deliveries.length, edges: deliveries.map((node) => ({ node })) },
    ...over,
  };
}

const hang = () => new Promise<never>(() => {});

describe('the webhooks page', () => {
  it('lists each webhook with its latest deliveries: status, attempts, answer code', async () => {
    mockGraphQL({
      Webhooks: () =>
        data({
          webhooks: [
            webhook({}, [
              delivery({ id: 'd2', status: 'FAILED', attempts: 4, responseStatus: 500, deliveredAt: null }),
              delivery(),
            ]),
          ],
        }),
    });
    render(<WebhooksPage viewer={makeViewer()} />);
    const list = await screen.findByRole('list', { name: 'Deliveries to https://hooks.acme.test/importops' });
    const [failed, ok] = within(list).getAllByRole('listitem');
    expect(failed).toHaveTextContent(/Failed.*4 attempts.*answered 500/);
    expect(ok).toHaveTextContent(/Delivered.*1 attempt(?!s).*answered 204.*delivered/);
    expect(screen.getByText('every event', { exact: false })).toBeInTheDocument();
  });

  it('adds a webhook for the chosen events and shows its secret once, with a copy fallback', async () => {
    const created = webhook({ id: 'w9', url: 'https://hooks.acme.test/new', events: ['api_key.revoked'] });
    const api = mockGraphQL({
      Webhooks: () => data({ webhooks: [] }),
      CreateWebhook: () => data({ createWebhook: { secret: 'whsec_c2VjcmV0', webhook: created } }),
    });
    const user = userEvent.setup();
    // No clipboard API (plain http, older browsers); after setup, which installs its own.
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    render(<WebhooksPage viewer={makeViewer()} />);
    await screen.findByText('No webhooks yet.');
    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.acme.test/new');
    for (const name of [/Key created/, /Key rotated/, /reported exposed/, /expiring soon/, /Key expired/]) {
      await user.click(screen.getByRole('checkbox', { name }));
    }
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));

    const panel = await screen.findByRole('region', { name: 'Webhook added' });
    expect(within(panel).getByText('whsec_c2VjcmV0')).toBeInTheDocument();
    expect(api.callsOf('CreateWebhook')[0].variables.input).toEqual({ url: 'https://hooks.acme.test/new', events: ['api_key.revoked'] });
    expect(screen.getByLabelText('Endpoint URL')).toHaveValue('');
    expect(screen.getByRole('button', { name: 'Delete https://hooks.acme.test/new' })).toBeInTheDocument();

    await user.click(within(panel).getByRole('button', { name: 'Copy' }));
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/secret is selected/);
    expect(window.getSelection()?.toString()).toBe('whsec_c2VjcmV0');
    await user.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('whsec_c2VjcmV0')).not.toBeInTheDocument();
  });

  it('keeps what was typed and shows the server’s reason next to the field', async () => {
    mockGraphQL({
      Webhooks: () => data({ webhooks: [] }),
      CreateWebhook: () => gqlError('BAD_USER_INPUT', 'The URL must start with https://', { field: 'url' }),
    });
    const user = userEvent.setup();
    render(<WebhooksPage viewer={makeViewer()} />);
    await screen.findByText('No webhooks yet.');
    await user.type(screen.getByLabelText('Endpoint URL'), 'http://hooks.acme.test');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByText('The URL must start with https://')).toBeInTheDocument();
    expect(screen.getByLabelText('Endpoint URL')).toHaveValue('http://hooks.acme.test');
    expect(screen.getByLabelText('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says the outcome is unknown when the answer is lost, and offers to check the list', async () => {
    const api = mockGraphQL({
      Webhooks: () => data({ webhooks: [] }),
      CreateWebhook: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const user = userEvent.setup();
    render(<WebhooksPage viewer={makeViewer()} />);
    await screen.findByText('No webhooks yet.');
    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.acme.test/x');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/cannot tell whether this was done/);
    expect(api.callsOf('CreateWebhook')).toHaveLength(1); // not retried
    await user.click(screen.getByRole('button', { name: 'Check the list' }));
    await vi.waitFor(() => expect(api.callsOf('Webhooks')).toHaveLength(2));
  });

  it('sends a test and shows its pending delivery', async () => {
    mockGraphQL({
      Webhooks: () => data({ webhooks: [webhook()] }),
      SendTestWebhook: () => data({ sendTestWebhook: delivery({ id: 'd7', event: 'webhook.test', status: 'PENDING', attempts: 0, responseStatus: null, deliveredAt: null }) }),
    });
    const user = userEvent.setup();
    render(<WebhooksPage viewer={makeViewer()} />);
    await user.click(await screen.findByRole('button', { name: 'Send test to https://hooks.acme.test/importops' }));
    const list = await screen.findByRole('list', { name: 'Deliveries to https://hooks.acme.test/importops' });
    expect(within(list).getByRole('listitem')).toHaveTextContent(/Pending.*webhook\.test.*0 attempts.*no answer yet/);
  });

  it('deletes after confirming; a delete that hangs can still be cancelled, and the list is checked', async () => {
    let hangs = true;
    const api = mockGraphQL({
      Webhooks: () => data({ webhooks: [webhook()] }),
      DeleteWebhook: () => (hangs ? hang() : data({ deleteWebhook: true })),
    });
    const user = userEvent.setup();
    render(<WebhooksPage viewer={makeViewer()} />);
    await user.click(await screen.findByRole('button', { name: 'Delete https://hooks.acme.test/importops' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete this webhook?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    expect(within(dialog).getByRole('button', { name: 'Deleting…' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsOf('DeleteWebhook')[0].init.signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(api.callsOf('Webhooks')).toHaveLength(2));

    hangs = false;
    await user.click(await screen.findByRole('button', { name: 'Delete https://hooks.acme.test/importops' }));
    dialog = screen.getByRole('dialog', { name: 'Delete this webhook?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByText('No webhooks yet.')).toBeInTheDocument();
  });

  it('tells a member webhooks are for admins', () => {
    const api = mockGraphQL({});
    render(<WebhooksPage viewer={makeViewer({ role: 'MEMBER' })} />);
    expect(screen.getByText('Only admins can manage webhooks.')).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });
});

describe('a session that ends while adding a webhook', () => {
  it('keeps the half-typed form and says the webhook was not added', async () => {
    let session = true;
    const api = mockGraphQL({
      Viewer: () => data({ viewer: makeViewer() }),
      Webhooks: () => data({ webhooks: [] }),
      CreateWebhook: () => (session ? data({}) : gqlError('UNAUTHENTICATED', 'Sign in to continue', {}, 401)),
      SignIn: () => {
        session = true;
        return data({ signIn: makeViewer() });
      },
    });
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/settings/webhooks');
    render(<App />);
    await screen.findByText('No webhooks yet.');
    session = false; // signed out in another tab
    await user.type(screen.getByLabelText('Endpoint URL'), 'https://hooks.acme.test/half');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));

    const dialog = await screen.findByRole('dialog', { name: 'Your session has ended' });
    await user.type(within(dialog).getByLabelText('Password'), 'secret');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/session had ended, so this was not done/);
    expect(screen.getByLabelText('Endpoint URL')).toHaveValue('https://hooks.acme.test/half');
    expect(window.location.pathname).toBe('/settings/webhooks');
    expect(api.callsOf('CreateWebhook')).toHaveLength(1);
  });
});
