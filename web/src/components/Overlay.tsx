// Modal dialogs and side drawers: Escape or a click outside closes them.
import { useEffect, type ReactNode } from 'react';
import { Icon } from './Icon.js';

function useEscape(onClose: () => void): void {
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [onClose]);
}

export function Modal({ title, onClose, children, footer, wide = false }: {
  title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean;
}) {
  useEscape(onClose);
  return (
    <div className="backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title}>
        <div className="modal-header">
          <h2>{title}</h2>
          <button className="ghost" onClick={onClose} aria-label="Close"><Icon name="close" /></button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-footer">{footer}</div>}
      </div>
    </div>
  );
}

export function Drawer({ title, onClose, children, actions }: { title: ReactNode; onClose: () => void; children: ReactNode; actions?: ReactNode }) {
  useEscape(onClose);
  return (
    <aside className="drawer" role="dialog" aria-label={typeof title === 'string' ? title : 'Details'}>
      <div className="drawer-header">
        <h2>{title}</h2>
        {actions}
        <button className="ghost" onClick={onClose} aria-label="Close"><Icon name="close" /></button>
      </div>
      <div className="drawer-body">{children}</div>
    </aside>
  );
}
