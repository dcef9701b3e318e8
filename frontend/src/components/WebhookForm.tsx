import { useId, useState, type FormEvent } from 'react';
import { ApiError, request } from '../lib/api';
import { DELIVERIES_SHOWN, webhookEvents } from '../lib/webhookEvents';
import { CreateWebhookMutation } from '../operations/webhooks';
import type { CreateWebhookMutation as Created } from '../gql/graphql';

type Payload = Created['createWebhook'];

/**
 * Adds a webhook: its URL and the events it wants (all of them by default).
 * A failure keeps what was typed; an answer that never came says the
 * outcome is unknown and offers to check the list.
 */
export function WebhookForm({ onCreated, onCheck }: { onCreated: (p: Payload) => void; onCheck: () => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(webhookEvents.map(([e]) => e));
  const [error, setError] = useState<ApiError>();
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!url.trim()) return setError(new ApiError('Enter the URL that should receive the events.', 'BAD_USER_INPUT', 0, 'url'));
    if (events.length === 0) return setError(new ApiError('Choose at least one event.', 'BAD_USER_INPUT', 0, 'events'));
    setPending(true);
    setError(undefined);
    try {
      const all = events.length === webhookEvents.length;
      const data = await request(CreateWebhookMutation, { input: { url: url.trim(), events: all ? null : events }, deliveries: DELIVERIES_SHOWN });
      setUrl('');
      onCreated(data.createWebhook);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('Adding the webhook failed. Try again.', 'INTERNAL', 0));
    } finally {
      setPending(false);
    }
  }

  const toggle = (event: string, on: boolean) => setEvents((cur) => (on ? [...cur, event] : cur.filter((e) => e !== event)));
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  const formError = error && !['url', 'events'].includes(error.field ?? '') ? error : undefined;

  return (
    <form className="webhook-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add a webhook</h2>
      {formError && (
        <div className="alert alert-error" role="alert">
          {formError.message}{' '}
          {formError.outcomeUnknown && (
            <button type="button" className="link-button" onClick={onCheck}>
              Check the list
            </button>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          placeholder="https://example.com/importops-events"
          value={url}
          aria-invalid={fieldError('url') ? true : undefined}
          aria-describedby={fieldError('url') ? `${id}-url-error` : `${id}-url-hint`}
          onChange={(e) => setUrl(e.target.value)}
        />
        {fieldError('url') ? (
          <p className="field-error" id={`${id}-url-error`}>
            {fieldError('url')}
          </p>
        ) : (
          <p className="hint" id={`${id}-url-hint`}>
            An https:// address on the public internet. Each event is signed with the secret shown after adding.
          </p>
        )}
      </div>
      <fieldset className="field webhook-events" aria-describedby={fieldError('events') ? `${id}-events-error` : undefined}>
        <legend>Events</legend>
        {webhookEvents.map(([event, label]) => (
          <label key={event} className="check">
            <input type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.target.checked)} />
            <span>
              {label} <code className="muted">{event}</code>
            </span>
          </label>
        ))}
        {fieldError('events') && (
          <p className="field-error" id={`${id}-events-error`}>
            {fieldError('events')}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}
