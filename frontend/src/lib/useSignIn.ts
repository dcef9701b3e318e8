import { useState, type FormEvent } from 'react';
import { ApiError, request } from './api';
import { SignInMutation } from '../operations';
import type { Viewer } from '../types';

/**
 * The sign-in form's state and submit, shared by the sign-in page and the
 * dialog that signs in again in place. onIncomplete runs when the email or
 * password is missing (the page moves focus there).
 */
export function useSignIn(
  onSignedIn: (viewer: Viewer) => void,
  { initialEmail = '', onIncomplete }: { initialEmail?: string; onIncomplete?: (emailMissing: boolean) => void } = {},
) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      onIncomplete?.(!email.trim());
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

  return { email, setEmail, password, setPassword, error, pending, submit };
}
