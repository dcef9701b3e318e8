import { useId, useState, type FormEvent } from 'react';
import { ApiError, request } from '../lib/api';
import { validateName } from '../lib/keyForm';
import { RenameApiKeyMutation } from '../operations';
import type { ApiKey } from '../types';

/** Renames a key in place: the name the heading shows. */
export function RenameKey({ apiKey, onRenamed, onCancel }: { apiKey: ApiKey; onRenamed: (key: ApiKey) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState(apiKey.name);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const invalid = validateName(name);
    if (invalid) return setError(invalid);
    setPending(true);
    setError(undefined);
    try {
      const data = await request(RenameApiKeyMutation, { id: apiKey.id, name: name.trim() });
      onRenamed(data.renameApiKey);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Renaming the key failed. Try again.');
      setPending(false);
    }
  }

  return (
    <form className="rename" onSubmit={submit} noValidate>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-name`}>New name</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          autoFocus
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
        />
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save name'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
