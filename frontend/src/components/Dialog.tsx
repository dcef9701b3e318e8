import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import './Dialog.css';

/**
 * A modal native <dialog>: the browser traps focus inside and gives focus
 * back to what opened it. Escape asks `onDismiss`, which decides (it may
 * confirm first); the dialog never refuses to close because a request is
 * pending: the opener handles what that request's outcome means.
 */
export function Dialog({
  title,
  onDismiss,
  children,
  wide = false,
}: {
  title: ReactNode;
  onDismiss: () => void;
  /** `signal()` is aborted when the dialog goes away: a request made with it
   * is cancelled when the dialog is closed. */
  children: (ctx: { titleId: string; descId: string; signal: () => AbortSignal }) => ReactNode;
  wide?: boolean;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  const controller = useRef(new AbortController());

  // A layout effect, so the dialog is closed (and the browser gives focus
  // back to its opener) before React removes it from the document.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (controller.current.signal.aborted) controller.current = new AbortController();
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      controller.current.abort();
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      onCancel={(e) => {
        // Escape: the opener unmounts the dialog if it agrees to close.
        e.preventDefault();
        dismiss.current();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children({ titleId: `${id}-title`, descId: `${id}-desc`, signal: () => controller.current.signal })}
    </dialog>
  );
}
