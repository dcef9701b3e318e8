import { useEffect, useId, useRef } from 'react';
import { useSignIn } from '../lib/useSignIn';
import type { Viewer } from '../types';

/**
 * Shown over the page when a request finds the session gone (expired, or
 * signed out in another tab). Signing in here keeps everything on the page
 * as it was; leaving goes to the sign-in page instead.
 */
export function SignInAgainDialog({
  email: knownEmail,
  onSignedIn,
  onLeave,
}: {
  email: string;
  onSignedIn: (viewer: Viewer) => void;
  onLeave: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { email, setEmail, password, setPassword, error, pending, submit } = useSignIn(onSignedIn, { initialEmail: knownEmail });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      // Escape is the way out: to the sign-in page, like the button.
      onCancel={(e) => {
        e.preventDefault();
        onLeave();
      }}
    >
      <h2 id={`${id}-title`}>Your session has ended</h2>
      <p id={`${id}-desc`}>Sign in again to carry on. The page stays as you left it.</p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onLeave}>
            Go to the sign-in page
          </button>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
