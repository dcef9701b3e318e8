import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CreatedKeyPanel } from './CreatedKeyPanel';
import { makeKey } from '../../test/graphql';

const TOKEN = 'iops_0123456789ABCDEFGHIJabcdefghij00Xy7Q';

describe('CreatedKeyPanel', () => {
  it('shows the full token once, with a warning', () => {
    render(<CreatedKeyPanel token={TOKEN} apiKey={makeKey({ name: 'ERP sync' })} onDone={() => {}} />);
    expect(screen.getByText(TOKEN)).toBeInTheDocument();
    expect(screen.getByText(TOKEN).tagName).toBe('CODE');
    expect(screen.getByText(/only time it is shown/i)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /ERP sync/ })).toHaveFocus();
  });

  it('copies the token to the clipboard and announces it', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    render(<CreatedKeyPanel token={TOKEN} apiKey={makeKey()} onDone={() => {}} />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(TOKEN);
    expect(await navigator.clipboard.readText()).toBe(TOKEN);
    expect(status).toHaveTextContent('Copied');
    expect(status).toHaveAttribute('aria-live', 'polite');
  });

  it('says so when the clipboard refuses', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    render(<CreatedKeyPanel token={TOKEN} apiKey={makeKey()} onDone={() => {}} />);
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(screen.getByRole('status')).toHaveTextContent(/Could not copy/);
  });

  it('is dismissed with Done', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    render(<CreatedKeyPanel token={TOKEN} apiKey={makeKey()} onDone={onDone} />);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(onDone).toHaveBeenCalledOnce();
  });
});
