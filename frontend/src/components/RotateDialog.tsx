import { useId, useRef, useState, type FormEvent } from 'react';
import type { RotateApiKeyMutation, RotationOverlap } from '../gql/graphql';
import { ApiError, request } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useTokenGuard } from '../lib/useTokenGuard';
import { RotateApiKeyMutation as Rotate } from '../operations';
import type { ApiKey } from '../types';
import { Dialog } from './Dialog';
import { TokenPanel } from './TokenPanel';

type Rotated = RotateApiKeyMutation['rotateApiKey'];

const overlaps: { value: RotationOverlap; label: string; hint: string }[] = [
  { value: 'ONE_HOUR', label: '1 hour', hint: 'Enough to redeploy one integration.' },
  { value: 'ONE_DAY', label: '1 day', hint: 'Time to update a nightly job.' },
  { value: 'SEVEN_DAYS', label: '7 days', hint: 'For integrations someone else updates.' },
  { value: 'NONE', label: 'No overlap', hint: 'The old key stops at once: use it if the key may have leaked.' },
];

/**
 * Rotates a key: how long the old key keeps working, then the new token.
 * Like every dialog it can be closed while the request is out; the page is
 * then told the outcome is unknown.
 */
export function RotateDialog({
  apiKey,
  onRotated,
  onClose,
}: {
  apiKey: ApiKey;
  onRotated: (r: Pick<Rotated, 'apiKey' | 'previous'>) => void;
  onClose: (outcomeUnknown: boolean) => void;
}) {
  const id = useId();
  const [overlap, setOverlap] = useState<RotationOverlap>('ONE_HOUR');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const closed = useRef(false);
  const guard = useTokenGuard(rotated !== null);

  function dismiss() {
    if (rotated && !guard.confirmDismiss()) return;
    closed.current = true;
    onClose(pending);
  }

  async function submit(e: FormEvent, signal: AbortSignal) {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      const data = await request(Rotate, { id: apiKey.id, overlap }, { signal });
      if (closed.current) return;
      setPending(false);
      setRotated(data.rotateApiKey);
      onRotated({ apiKey: data.rotateApiKey.apiKey, previous: data.rotateApiKey.previous });
    } catch (err) {
      if (closed.current) return;
      setPending(false);
      setError(err instanceof ApiError ? err.message : 'Rotating the key failed. Try again.');
    }
  }

  if (rotated) {
    const until = rotated.previous.revokedAt;
    return (
      <Dialog title={`Key “${apiKey.name}” rotated`} onDismiss={dismiss} wide>
        {({ descId }) => (
          <div id={descId}>
            <p>
              {until && new Date(until).getTime() > Date.now()
                ? `The old key ${apiKey.prefix}… keeps working until ${formatDateTime(until)}. Switch your integration to the new key before then.`
                : `The old key ${apiKey.prefix}… has stopped working.`}
            </p>
            <TokenPanel token={rotated.token} onCopied={guard.markCopied} />
            <div className="dialog-actions">
              <button type="button" className="button primary" onClick={dismiss}>
                Done
              </button>
            </div>
          </div>
        )}
      </Dialog>
    );
  }

  return (
    <Dialog title={`Rotate “${apiKey.name}”`} onDismiss={dismiss}>
      {({ descId, signal }) => (
        <form onSubmit={(e) => submit(e, signal())} noValidate>
          <p id={descId}>
            A new key replaces <code className="prefix">{apiKey.prefix}…</code> with the same name, scopes and allowed addresses. Its
            token is shown once.
          </p>
          <fieldset className="choices">
            <legend>How long the old key keeps working</legend>
            {overlaps.map((o) => (
              <label key={o.value} className="choice">
                <input
                  type="radio"
                  name={`${id}-overlap`}
                  value={o.value}
                  checked={overlap === o.value}
                  onChange={() => setOverlap(o.value)}
                  aria-describedby={`${id}-${o.value}`}
                />
                <span>
                  <span className="choice-label">{o.label}</span>
                  <span className="hint" id={`${id}-${o.value}`}>
                    {o.hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {error && (
            <div className="alert alert-error" role="alert">
              {error}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={dismiss}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={pending}>
              {pending ? 'Rotating…' : 'Rotate key'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
