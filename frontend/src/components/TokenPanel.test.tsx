import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { useTokenGuard } from '../lib/useTokenGuard';
import { TokenPanel } from './TokenPanel';

const TOKEN = 'iops_0123456789abcdefghijABCDEFGHIJ0a1b2c';

/** The panel as a dialog hosts it: the guard follows what was copied. */
function Host() {
  const guard = useTokenGuard(true);
  return (
    <>
      <TokenPanel token={TOKEN} onCopied={guard.markCopied} />
      <p>{guard.copied ? 'copied' : 'not copied'}</p>
    </>
  );
}

const leave = () => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

describe('TokenPanel', () => {
  it('warns before leaving the page until the token is copied', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<Host />);
    expect(leave()).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Copy export command' }));
    expect(await screen.findByText('copied')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(`export IMPORTOPS_API_KEY=${TOKEN}`);
    expect(leave()).toBe(false);
  });

  it('selects the token and asks for Ctrl/Cmd+C where the clipboard API is missing', async () => {
    const user = userEvent.setup();
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    render(<Host />);
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(screen.getByText(/press Ctrl\+C \(⌘C on a Mac\)/)).toBeInTheDocument();
    expect(window.getSelection()!.getRangeAt(0).toString()).toBe(TOKEN);
    expect(screen.getByText('not copied')).toBeInTheDocument();
    // The person's own Ctrl+C of the selection counts as copying.
    act(() => {
      document.dispatchEvent(new Event('copy'));
    });
    expect(screen.getByText('copied')).toBeInTheDocument();
    expect(leave()).toBe(false);
  });

  it('also selects the text when the browser refuses the clipboard', async () => {
    const user = userEvent.setup();
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    render(<Host />);
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(screen.getByText(/press Ctrl\+C/)).toBeInTheDocument();
    expect(leave()).toBe(true);
  });
});
