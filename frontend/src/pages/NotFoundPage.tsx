import { Link } from '../lib/router';
import { useTitle } from '../lib/useTitle';
import { Logo } from '../components/Logo';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <main className="auth">
      <div className="auth-card not-found">
        <Logo />
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <Link to="/settings/api-keys" className="button">
          Back to settings
        </Link>
      </div>
    </main>
  );
}
