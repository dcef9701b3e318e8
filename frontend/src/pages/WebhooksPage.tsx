import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from '../lib/api';
import { useTitle } from '../lib/useTitle';
import { DELIVERIES_SHOWN, MAX_WEBHOOKS } from '../lib/webhookEvents';
import { WebhooksQuery } from '../operations/webhooks';
import type { CreateWebhookMutation, WebhookFieldsFragment } from '../gql/graphql';
import type { Viewer } from '../types';
import { AdminsOnly } from '../components/Notice';
import { List, type ListState } from '../components/List';
import { SecretPanel } from '../components/SecretPanel';
import { WebhookForm } from '../components/WebhookForm';
import { WebhookItem } from '../components/WebhookItem';
import './WebhooksPage.css';

export function WebhooksPage({ viewer }: { viewer: Viewer }) {
  useTitle('Webhooks');
  return (
    <>
      <header className="page-header">
        <h1>Webhooks</h1>
        <p className="lede">
          ImportOps tells your systems when a key is created, revoked, rotated, reported exposed or about to expire, by posting a signed
          event to each webhook.
        </p>
      </header>
      {viewer.role === 'ADMIN' ? <Webhooks /> : <AdminsOnly what="manage webhooks" />}
    </>
  );
}

type Created = CreateWebhookMutation['createWebhook'];

function Webhooks() {
  const hooks = useWebhooks();
  const [created, setCreated] = useState<Created>();
  const full = hooks.items.length >= MAX_WEBHOOKS;
  return (
    <>
      {created && (
        <SecretPanel title="Webhook added" secret={created.secret} onDone={() => setCreated(undefined)}>
          <p className="small">
            Verify each event with this signing secret (Standard Webhooks: the <code>webhook-signature</code> header). Events go to{' '}
            <code className="webhook-url">{created.webhook.url}</code>.
          </p>
        </SecretPanel>
      )}
      <section className="card" aria-labelledby="webhooks-title">
        <div className="card-header row">
          <h2 id="webhooks-title">Your webhooks</h2>
        </div>
        <List list={hooks} noun={['webhook', 'webhooks']} loading="Loading webhooks…" empty={<p className="empty">No webhooks yet.</p>}>
          {(items) => (
            <ul className="webhooks">
              {items.map((w) => (
                <WebhookItem key={w.id} webhook={w} onChanged={hooks.reload} onDeleted={() => hooks.remove(w.id)} />
              ))}
            </ul>
          )}
        </List>
      </section>
      <section className="card">
        {full ? (
          <p className="muted">An organisation can have at most {MAX_WEBHOOKS} webhooks: delete one to add another.</p>
        ) : (
          <WebhookForm
            onCheck={hooks.reload}
            onCreated={(p) => {
              setCreated(p);
              hooks.add(p.webhook);
            }}
          />
        )}
      </section>
    </>
  );
}

/** The organisation's webhooks (never more than five: one page, no cursor). */
function useWebhooks(): ListState<WebhookFieldsFragment> & { add: (w: WebhookFieldsFragment) => void; remove: (id: string) => void } {
  const [items, setItems] = useState<WebhookFieldsFragment[]>([]);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<ApiError>();
  const reload = useCallback(() => {
    request(WebhooksQuery, { deliveries: DELIVERIES_SHOWN }).then(
      (d) => {
        setItems(d.webhooks);
        setStatus('ready');
      },
      (e: ApiError) => {
        setError(e);
        setStatus('error');
      },
    );
  }, []);
  useEffect(reload, [reload]);
  return {
    items,
    totalCount: items.length,
    hasNextPage: false,
    status,
    error,
    loadingMore: false,
    reload,
    loadMore: () => {},
    add: (w) => setItems((cur) => [...cur.filter((c) => c.id !== w.id), w]),
    remove: (id) => setItems((cur) => cur.filter((c) => c.id !== id)),
  };
}
