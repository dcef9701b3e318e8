import { useEffect, useId, useRef, useState } from 'react';
import type { ApiKey } from '../types';

/**
 * Shows a new key's token, the one time it exists outside the server's
 * memory. The token lives only in React state: never in storage or the URL,
 * so "Done" or a reload makes it gone for good.
 */
export function CreatedKeyPanel({ token, apiKey, onDone }: { token: string; apiKey: ApiKey; onDone: () => void }) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [announcement, setAnnouncement] = useState('');
  const resetTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    headingRef.current?.focus();
    return () => window.clearTimeout(resetTimer.current);
  }, []);

  async function copy() {
    window.clearTimeout(resetTimer.current);
    setAnnouncement('');
    try {
      await navigator.clipboard.writeText(token);
      setCopyState('copied');
      setAnnouncement('Copied');
      resetTimer.current = window.setTimeout(() => setCopyState('idle'), 4000);
    } catch {
      setCopyState('failed');
      setAnnouncement('Could not copy. Select the key and copy it yourself.');
    }
  }

  return (
    <section className="card token-panel" aria-labelledby={`${id}-title`}>
      <div className="token-panel-head">
        <svg viewBox="0 0 20 20" width="22" height="22" aria-hidden="true" focusable="false" className="ok-icon">
          <circle cx="10" cy="10" r="10" fill="currentColor" />
          <path d="m5.8 10.2 2.8 2.8 5.6-6" stroke="#fff" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
          Key “{apiKey.name}” created
        </h2>
      </div>
      <p className="token-warning">
        <strong>Copy the key now. This is the only time it is shown</strong>: ImportOps keeps only a fingerprint of it
        and cannot show it again. If you lose it, revoke it and create a new one.
      </p>
      <div className="token-row">
        <code className="token" id={`${id}-token`}>
          {token}
        </code>
        <button type="button" className={`button${copyState === 'copied' ? ' success' : ''}`} onClick={copy}>
          {copyState === 'copied' ? (
            <>
              <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
                <path d="m3 8.5 3 3 7-7" stroke="currentColor" strokeWidth="2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
              </svg>{' '}
              Copied
            </>
          ) : (
            'Copy'
          )}
        </button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {copyState === 'failed' && <p className="field-error">Could not copy automatically. Select the key above and copy it yourself.</p>}
      <p className="muted small">
        Send it with each request in the <code>Authorization</code> header: <code>Authorization: Bearer {apiKey.prefix}…</code>. Store it
        where your integration keeps secrets, not in code or chat.
      </p>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
