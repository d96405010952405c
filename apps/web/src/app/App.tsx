import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Skeleton } from '../components/status';
import { useAccount } from '../lib/session';
import { Layout } from './Layout';
import { match, navigate, useLocation } from './router';

// One chunk per page: the markets page does not download the chart libraries.
const Markets = lazy(() => import('../pages/Markets'));
const Instrument = lazy(() => import('../pages/Instrument'));
const Options = lazy(() => import('../pages/Options'));
const SignIn = lazy(() => import('../pages/SignIn'));
const Register = lazy(() => import('../pages/Register'));
const ApiKeys = lazy(() => import('../pages/ApiKeys'));
const Ops = lazy(() => import('../pages/Ops'));
const NotFound = lazy(() => import('../pages/NotFound'));

type Access = 'public' | 'user' | 'admin';
interface Route {
  path: string;
  access: Access;
  title: string;
  render: (params: Record<string, string>) => ReactNode;
}

export const ROUTES: readonly Route[] = [
  { path: '/', access: 'public', title: 'Markets', render: () => <Markets /> },
  { path: '/instrument/:symbol', access: 'public', title: 'Instrument', render: (p) => <Instrument symbol={p.symbol!.toUpperCase()} /> },
  { path: '/options/:underlying', access: 'public', title: 'Options', render: (p) => <Options underlying={p.underlying!.toUpperCase()} /> },
  { path: '/signin', access: 'public', title: 'Sign in', render: () => <SignIn /> },
  { path: '/register', access: 'public', title: 'Register', render: () => <Register /> },
  { path: '/keys', access: 'user', title: 'API keys', render: () => <ApiKeys /> },
  { path: '/ops', access: 'admin', title: 'Operations', render: () => <Ops /> },
];

function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const { account, loaded } = useAccount();
  const { pathname } = useLocation();
  const allowed = access === 'public' || (account !== null && (access === 'user' || account.role === 'admin'));
  useEffect(() => {
    if (loaded && !allowed && !account) navigate(`/signin?next=${encodeURIComponent(pathname)}`, { replace: true });
  }, [loaded, allowed, account, pathname]);
  if (allowed) return <>{children}</>;
  if (!loaded || !account) return <PageSkeleton />;
  return (
    <div className="page narrow">
      <h1>Administrators only</h1>
      <p>This page needs an administrator account; you are signed in as {account.email}.</p>
    </div>
  );
}

function PageSkeleton() {
  return (
    <div className="page" aria-busy="true">
      <Skeleton height="2rem" width="40%" />
      <Skeleton height="20rem" style={{ marginTop: '1rem' }} />
    </div>
  );
}

export function App() {
  const { pathname } = useLocation();
  let page: ReactNode = <NotFound />;
  let title = 'Not found';
  for (const route of ROUTES) {
    const params = match(route.path, pathname);
    if (params) {
      page = <Guard access={route.access}>{route.render(params)}</Guard>;
      title = route.title;
      break;
    }
  }
  useEffect(() => {
    document.title = `${title} · Bourse`;
  }, [title]);
  return (
    <Layout>
      <Suspense fallback={<PageSkeleton />}>{page}</Suspense>
    </Layout>
  );
}
