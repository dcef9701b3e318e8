import { useState } from 'react';
import { ApiError, request } from '../lib/api';
import { SendTestWebhookMutation } from '../operations/webhooks';
import type { DeliveryFieldsFragment, WebhookFieldsFragment } from '../gql/graphql';
import { pluralize } from '../lib/format';
import { DeleteWebhookDialog } from './DeleteWebhookDialog';
import { Time } from './Time';

const statusLabel = { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Failed' } as const;

/** One webhook: where it sends, what, a test, deletion, and its latest deliveries. */
export function WebhookItem({ webhook, onChanged, onDeleted }: { webhook: WebhookFieldsFragment; onChanged: () => void; onDeleted: () => void }) {
  const [sent, setSent] = useState<DeliveryFieldsFragment[]>([]);
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<string>();
  const [deleting, setDeleting] = useState(false);

  async function sendTest() {
    setTesting(true);
    setError(undefined);
    try {
      const data = await request(SendTestWebhookMutation, { id: webhook.id });
      setSent((s) => [data.sendTestWebhook, ...s]);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Sending the test failed. Try again.');
    } finally {
      setTesting(false);
    }
  }

  const known = webhook.deliveries.edges.map((e) => e.node);
  const deliveries = [...sent.filter((d) => !known.some((k) => k.id === d.id)), ...known];
  const total = webhook.deliveries.totalCount + deliveries.length - known.length;

  return (
    <li className="webhook">
      <div className="webhook-head">
        <div>
          <code className="webhook-url">{webhook.url}</code>
          <p className="muted small">
            {webhook.events.length ? webhook.events.join(', ') : 'every event'} · added <Time value={webhook.createdAt} />
          </p>
        </div>
        <div className="webhook-actions">
          <button type="button" className="button small" onClick={sendTest} disabled={testing} aria-label={`Send test to ${webhook.url}`}>
            {testing ? 'Sending…' : 'Send test'}
          </button>
          <button type="button" className="button small danger-outline" onClick={() => setDeleting(true)} aria-label={`Delete ${webhook.url}`}>
            Delete
          </button>
        </div>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <h3 className="deliveries-title">
        Recent deliveries{' '}
        <button type="button" className="link-button" onClick={onChanged}>
          Refresh
        </button>
      </h3>
      {deliveries.length === 0 ? (
        <p className="muted">No deliveries yet. Send a test to see one.</p>
      ) : (
        <ul className="deliveries" aria-label={`Deliveries to ${webhook.url}`}>
          {deliveries.map((d) => (
            <li key={d.id} className="delivery">
              <span className={`badge badge-delivery-${d.status.toLowerCase()}`}>{statusLabel[d.status]}</span>
              <code>{d.event}</code>
              <span>{pluralize(d.attempts, 'attempt', 'attempts')}</span>
              <span>{d.responseStatus === null ? 'no answer yet' : `answered ${d.responseStatus}`}</span>
              <span>
                queued <Time value={d.createdAt} exact />
              </span>
              {d.deliveredAt && (
                <span>
                  delivered <Time value={d.deliveredAt} exact />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {total > deliveries.length && <p className="muted small">Showing the latest {deliveries.length} of {total.toLocaleString()} deliveries.</p>}
      {deleting && (
        <DeleteWebhookDialog
          id={webhook.id}
          url={webhook.url}
          onDeleted={onDeleted}
          onClose={(inFlight) => {
            setDeleting(false);
            // Closed while deleting: the server may have done it anyway.
            if (inFlight) onChanged();
          }}
        />
      )}
    </li>
  );
}
