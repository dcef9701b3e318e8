import { useCallback, useEffect, useState } from 'react';

export const UNCOPIED_WARNING = 'You have not copied the key. It cannot be shown again: close anyway?';

/**
 * While a new token is shown and not yet copied, leaving the page asks the
 * browser's "Leave site?" question, and `confirmDismiss()` asks before the
 * panel is closed. Copying with the Copy buttons or Ctrl/Cmd+C counts.
 */
export function useTokenGuard(shown: boolean) {
  const [copied, setCopied] = useState(false);
  const guarding = shown && !copied;

  useEffect(() => {
    if (!shown) setCopied(false);
  }, [shown]);

  useEffect(() => {
    if (!guarding) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [guarding]);

  const confirmDismiss = useCallback(() => !guarding || window.confirm(UNCOPIED_WARNING), [guarding]);
  const markCopied = useCallback(() => setCopied(true), []);
  return { copied, markCopied, confirmDismiss };
}
