import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, request } from '../lib/api';
import { DeleteWebhookMutation } from '../operations/webhooks';

/**
 * Confirms deleting a webhook. Cancel and Escape always work: closing
 * while the request runs cancels it, and the page then checks the list,
 * since the server may have deleted it already.
 */
export function DeleteWebhookDialog({ url, id: webhookId, onClose, onDeleted }: { url: string; id: string; onClose: (inFlight: boolean) => void; onDeleted: () => void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const controller = useRef<AbortController>(undefined);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      controller.current?.abort();
      if (dialog?.open) dialog.close();
    };
  }, []);

  async function remove() {
    controller.current = new AbortController();
    setPending(true);
    setError(undefined);
    try {
      await request(DeleteWebhookMutation, { id: webhookId }, { signal: controller.current.signal });
      onDeleted();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'ABORTED') return;
      setPending(false);
      setError(e instanceof ApiError ? e : new ApiError('Deleting the webhook failed. Try again.', 'INTERNAL', 0));
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} onClose={() => onClose(pending)}>
      <h2 id={`${id}-title`}>Delete this webhook?</h2>
      <p id={`${id}-desc`}>
        <code className="webhook-url">{url}</code> will get no more events, and its delivery history is deleted with it.
      </p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={() => ref.current?.close()}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={remove} disabled={pending}>
          {pending ? 'Deleting…' : 'Delete webhook'}
        </button>
      </div>
    </dialog>
  );
}
