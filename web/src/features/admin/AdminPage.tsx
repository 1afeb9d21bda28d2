// The frame of an administration screen: a title, actions, and the screen's content.
import type { ReactNode } from 'react';

export function AdminPage({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-header"><h1>{title}</h1>{actions}</div>
      {children}
    </div>
  );
}
