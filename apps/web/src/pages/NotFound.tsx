import { Link } from '../app/router';

export default function NotFound() {
  return (
    <div className="page narrow">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link href="/">Back to the markets</Link>
      </p>
    </div>
  );
}
