import { useRef } from 'react';
import { useSignIn } from '../lib/useSignIn';
import { useTitle } from '../lib/useTitle';
import type { Viewer } from '../types';
import { Logo } from '../components/Logo';

export function SignInPage({ onSignedIn }: { onSignedIn: (viewer: Viewer) => void }) {
  useTitle('Sign in');
  const emailRef = useRef<HTMLInputElement>(null);
  const { email, setEmail, password, setPassword, error, pending, submit } = useSignIn(onSignedIn, {
    onIncomplete: (emailMissing) => (emailMissing ? emailRef.current?.focus() : undefined),
  });

  return (
    <main className="auth">
      <div className="auth-card">
        <Logo />
        <h1>Sign in to ImportOps</h1>
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="email">Email</label>
            <input
              ref={emailRef}
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="button primary block" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
