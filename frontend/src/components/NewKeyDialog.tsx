import { useRef, useState } from 'react';
import type { CreateApiKeyMutation } from '../gql/graphql';
import { useTokenGuard } from '../lib/useTokenGuard';
import type { ApiKey } from '../types';
import { CreateKeyForm } from './CreateKeyForm';
import { Dialog } from './Dialog';
import { TokenPanel } from './TokenPanel';

type Created = CreateApiKeyMutation['createApiKey'];

/** How the dialog ended: `unknown` when it was closed while the request was
 * still out, so nobody knows whether the key was made. */
export type NewKeyOutcome = { created: ApiKey } | { unknown: true } | null;

/**
 * "New key": the form, then the token panel. Closing is always possible:
 * while the request is out the page is told the outcome is unknown (and
 * re-checks the list); with an uncopied token it asks first.
 */
export function NewKeyDialog({
  maxLifetimeDays,
  onCreated,
  onClose,
}: {
  maxLifetimeDays: number | null;
  onCreated: (key: ApiKey) => void;
  onClose: (outcome: NewKeyOutcome) => void;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const pending = useRef(false);
  const closed = useRef(false);
  const guard = useTokenGuard(created !== null);

  function dismiss() {
    if (created) {
      if (!guard.confirmDismiss()) return;
      closed.current = true;
      onClose({ created: created.apiKey });
      return;
    }
    closed.current = true;
    onClose(pending.current ? { unknown: true } : null);
  }

  return (
    <Dialog title={created ? `Key “${created.apiKey.name}” created` : 'New API key'} onDismiss={dismiss} wide={created !== null}>
      {({ descId, signal }) =>
        created ? (
          <div id={descId}>
            <TokenPanel token={created.token} onCopied={guard.markCopied} />
            <div className="dialog-actions">
              <button type="button" className="button primary" onClick={dismiss}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <div id={descId}>
            <CreateKeyForm
              signal={signal}
              maxLifetimeDays={maxLifetimeDays}
              onPendingChange={(p) => (pending.current = p)}
              onCancel={dismiss}
              onCreated={(c) => {
                // An answer after the dialog was closed is the page's to re-check.
                if (closed.current) return;
                setCreated(c);
                onCreated(c.apiKey);
              }}
            />
          </div>
        )
      }
    </Dialog>
  );
}
