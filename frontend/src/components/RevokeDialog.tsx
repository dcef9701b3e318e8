import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, request } from '../lib/api';
import { RevokeApiKeyMutation } from '../operations';
import type { ApiKey } from '../types';

/**
 * Confirms revoking one key. A native <dialog> opened with showModal(): the
 * browser traps focus inside, closes it on Escape, and gives focus back to
 * the button that opened it.
 */
export function RevokeDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  async function revoke() {
    setPending(true);
    setError(undefined);
    try {
      const data = await request(RevokeApiKeyMutation, { id: apiKey.id });
      onRevoked(data.revokeApiKey.apiKey);
    } catch (e) {
      setPending(false);
      setError(e instanceof ApiError ? e.message : 'Revoking the key failed. Try again.');
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      onClose={onClose}
      onCancel={(e) => {
        if (pending) e.preventDefault();
      }}
    >
      <h2 id={`${id}-title`}>Revoke “{apiKey.name}”?</h2>
      <div id={`${id}-desc`}>
        <p>
          The key <code className="prefix">{apiKey.prefix}…</code> stops working immediately: every integration that uses it will be
          refused from its next request.
        </p>
        <p>This cannot be undone. The key stays in the list, labelled Revoked.</p>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={() => ref.current?.close()} disabled={pending}>
          Cancel
        </button>
        <button type="button" className="button danger" onClick={revoke} disabled={pending}>
          {pending ? 'Revoking…' : 'Revoke key'}
        </button>
      </div>
    </dialog>
  );
}
