import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms`: a search box asks the
 * server once per pause in typing, not once per key press. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}
