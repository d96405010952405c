import { type FormEvent, useState } from 'react';
import { ErrorState, Panel, Skeleton } from '../components/status';
import { api, ok } from '../lib/api';
import { formatTime } from '../lib/format';
import { useAccount } from '../lib/session';
import { messageOf, useAction } from '../lib/use-action';
import { useAsync } from '../lib/use-async';

export default function ApiKeys() {
  const { account } = useAccount();
  const keys = useAsync(async () => (await ok(api.GET('/api/v1/auth/api-keys'))).data, []);
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const { error, setError, run } = useAction();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    await run(async () => {
      const key = await ok(
        api.POST('/api/v1/auth/api-keys', { body: { name: String(form.get('name')), readOnly: form.get('readOnly') === 'on' } }),
      );
      setCreated({ name: key.name, key: key.key });
      formEl.reset();
      keys.reload();
    });
  };
  const revoke = async (id: string) => {
    try {
      await ok(api.DELETE('/api/v1/auth/api-keys/{id}', { params: { path: { id } } }));
    } catch (e) {
      setError(messageOf(e));
    }
    keys.reload();
  };

  return (
    <div className="page narrow">
      <h1>API keys</h1>
      <p className="muted">
        Signed in as {account?.email} ({account?.role}). Send a key as <code>X-API-Key</code> from scripts.
      </p>
      <Panel title="New key">
        <form className="form inline" onSubmit={create}>
          <label>
            Name
            <input name="name" required maxLength={100} />
          </label>
          <label className="check">
            <input name="readOnly" type="checkbox" defaultChecked /> Read-only
          </label>
          <button type="submit">Create key</button>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {created && (
          <div className="notice" role="status">
            Key “{created.name}” (shown once, copy it now): <code className="secret">{created.key}</code>
          </div>
        )}
      </Panel>
      <Panel title="Your keys">
        {keys.error && !keys.data ? (
          <ErrorState error={keys.error} onRetry={keys.reload} />
        ) : !keys.data ? (
          <Skeleton height="4rem" />
        ) : keys.data.length === 0 ? (
          <p className="muted">No keys yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Access</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="sr-only">Revoke</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((k) => (
                  <tr key={k.id} className={k.revokedAt ? 'muted' : ''}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>{k.readOnly ? 'read-only' : 'read-write'}</td>
                    <td>{formatTime(k.createdAt, undefined, true)}</td>
                    <td>{k.lastUsedAt ? formatTime(k.lastUsedAt, undefined, true) : 'never'}</td>
                    <td>
                      {k.revokedAt ? (
                        'revoked'
                      ) : (
                        <button type="button" className="small danger" onClick={() => void revoke(k.id)} aria-label={`Revoke ${k.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}
