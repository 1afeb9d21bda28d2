// Loading, empty and error states, shown the same way on every screen.
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client.js';

export function Spinner() {
  return <span className="spinner" role="status" aria-label="loading" />;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return <div className="loading"><Spinner />{what}…</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function ErrorBox({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  return <div className="error-box" role="alert"><strong>{title}:</strong> {errorMessage(error)}</div>;
}
