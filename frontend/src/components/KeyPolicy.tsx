import { useId, useState, type FormEvent } from 'react';
import { ApiError, request } from '../lib/api';
import { SetKeyPolicyMutation } from '../operations';

const MAX_DAYS = 730;

/** "Maximum key lifetime": the longest expiry new and rotated keys may get. */
export function KeyPolicy({ maxLifetimeDays, onSaved }: { maxLifetimeDays: number | null; onSaved: (days: number | null) => void }) {
  const id = useId();
  const [value, setValue] = useState(maxLifetimeDays === null ? '' : String(maxLifetimeDays));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const trimmed = value.trim();
    const days = trimmed === '' ? null : Number(trimmed);
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)) {
      setError(`Enter a whole number of days from 1 to ${MAX_DAYS}, or leave it empty for no limit.`);
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const data = await request(SetKeyPolicyMutation, { maxLifetimeDays: days });
      const next = data.setKeyPolicy.maxKeyLifetimeDays ?? null;
      onSaved(next);
      setSaved(next === null ? 'Saved: keys may last up to two years.' : `Saved: new keys last at most ${next} days.`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving the policy failed. Try again.');
    }
    setPending(false);
  }

  return (
    <form className="key-policy" onSubmit={submit} noValidate>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-days`}>Maximum key lifetime</label>
        <div className="key-policy-row">
          <input
            id={`${id}-days`}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DAYS}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(e) => setValue(e.target.value)}
          />
          <span aria-hidden="true">days</span>
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Saving…' : 'Save policy'}
          </button>
        </div>
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <p className="hint" id={`${id}-hint`}>
          In days, 1 to {MAX_DAYS}; empty for no limit beyond two years. Applies to keys created or rotated from now on.
        </p>
        <p className="hint" role="status">
          {saved}
        </p>
      </div>
    </form>
  );
}
