import { useRef, useState } from 'react';
import { ApiError, request } from '../lib/api';
import { RevokeApiKeyMutation } from '../operations';
import type { ApiKey } from '../types';
import { Dialog } from './Dialog';

/**
 * Confirms revoking one key. Cancel and Escape work even while the request
 * is out: it is cancelled, and the page is told the outcome is unknown (the
 * server may have acted already) and re-checks.
 */
export function RevokeDialog({
  apiKey,
  onClose,
  onRevoked,
}: {
  apiKey: ApiKey;
  onClose: (outcomeUnknown: boolean) => void;
  onRevoked: (key: ApiKey) => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const closed = useRef(false);

  function close() {
    closed.current = true;
    onClose(pending);
  }

  async function revoke(signal: AbortSignal) {
    setPending(true);
    setError(undefined);
    try {
      const data = await request(RevokeApiKeyMutation, { id: apiKey.id }, { signal });
      if (!closed.current) onRevoked(data.revokeApiKey.apiKey);
    } catch (e) {
      if (closed.current) return;
      setPending(false);
      setError(e instanceof ApiError ? e.message : 'Revoking the key failed. Try again.');
    }
  }

  return (
    <Dialog title={`Revoke “${apiKey.name}”?`} onDismiss={close}>
      {({ descId, signal }) => (
        <>
          <div id={descId}>
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
            <button type="button" className="button" autoFocus onClick={close}>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={() => revoke(signal())} disabled={pending}>
              {pending ? 'Revoking…' : 'Revoke key'}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
