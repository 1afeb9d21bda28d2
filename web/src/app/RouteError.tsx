// What a view shows when it cannot load, and the page for addresses that lead nowhere.
import { Link } from '@tanstack/react-router';
import { ErrorBox } from '../components/Feedback.js';

export function RouteError({ error }: { error: unknown }) {
  return <div className="page"><ErrorBox error={error} title="This view failed" /></div>;
}

export function NotFound() {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p className="muted">Nothing lives at this address. <Link to="/">Back to the dashboard</Link></p>
    </div>
  );
}
