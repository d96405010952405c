import type { FormEvent } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { session } from '../lib/session';
import { useAction } from '../lib/use-action';

/** Where to go after signing in: the page that asked for it, if it is one of ours. */
function nextPath(search: URLSearchParams): string {
  const next = search.get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignIn() {
  const { search } = useLocation();
  const { error, busy, run } = useAction();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    return run(async () => {
      await session.signIn(String(form.get('email')), String(form.get('password')));
      navigate(nextPath(search), { replace: true });
    });
  };
  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      {search.get('next') && <p className="muted">Sign in to open {search.get('next')}.</p>}
      <form className="form" onSubmit={submit}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        No account? <Link href="/register">Register</Link>
      </p>
    </div>
  );
}
