import { useEffect, useId, useRef, useState } from 'react';

/**
 * A secret shown the one time it exists outside the server: Copy, with a
 * fallback where the clipboard API is missing or refused (the text is
 * selected so the user can copy it), and Done to forget it.
 */
export function SecretPanel({ title, secret, children, onDone }: { title: string; secret: string; children?: React.ReactNode; onDone: () => void }) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const codeRef = useRef<HTMLElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');

  useEffect(() => headingRef.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setState('copied');
    } catch {
      const range = document.createRange();
      if (codeRef.current) range.selectNodeContents(codeRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setState('manual');
    }
  }

  return (
    <section className="card token-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {title}
      </h2>
      <p className="token-warning">
        <strong>Copy the secret now. This is the only time it is shown.</strong>
      </p>
      {children}
      <div className="token-row">
        <code className="token" ref={codeRef}>
          {secret}
        </code>
        <button type="button" className="button" onClick={copy}>
          {state === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {state === 'copied' ? 'Copied' : ''}
      </p>
      {state === 'manual' && (
        <p className="field-error" role="alert">
          This browser would not copy it: the secret is selected, press Ctrl+C (⌘C on a Mac) to copy it.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
