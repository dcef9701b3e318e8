import { useRef, useState, type FormEvent } from 'react';
import { ApiError, request } from '../lib/api';
import { useTitle } from '../lib/useTitle';
import { SignInMutation } from '../operations';
import type { Viewer } from '../types';
import { Logo } from '../components/Logo';

export function SignInPage({ onSignedIn }: { onSignedIn: (viewer: Viewer) => void }) {
  useTitle('Sign in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      (email.trim() ? null : emailRef.current)?.focus();
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const data = await request(SignInMutation, { email: email.trim(), password });
      onSignedIn(data.signIn);
    } catch (err) {
      setPending(false);
      setError(err instanceof ApiError ? err.message : 'Sign-in failed. Try again.');
    }
  }

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
