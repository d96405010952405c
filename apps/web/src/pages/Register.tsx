import type { FormEvent } from 'react';
import { Link, navigate } from '../app/router';
import { session } from '../lib/session';
import { useAction } from '../lib/use-action';

export default function Register() {
  const { error, setError, busy, run } = useAction();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email'));
    const password = String(form.get('password'));
    if (password !== String(form.get('confirm'))) {
      setError('The two passwords differ.');
      return;
    }
    await run(async () => {
      await session.register(email, password);
      await session.signIn(email, password);
      navigate('/keys', { replace: true });
    });
  };
  return (
    <div className="page narrow">
      <h1>Create an account</h1>
      <form className="form" onSubmit={submit}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        <label>
          Password again
          <input name="confirm" type="password" autoComplete="new-password" required minLength={8} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p>
        Have an account? <Link href="/signin">Sign in</Link>
      </p>
    </div>
  );
}
