// The "?" sheet: which keys do what on the current screen.
import { Modal } from './Overlay.js';

export function ShortcutHelp({ shortcuts, onClose }: { shortcuts: [string, string][]; onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <div className="help-grid">
        {shortcuts.map(([keys, what]) => (
          <div key={keys} style={{ display: 'contents' }}>
            <span>{keys.split(' ').map((k, i) => <kbd key={i} style={{ marginRight: 4 }}>{k}</kbd>)}</span>
            <span>{what}</span>
          </div>
        ))}
      </div>
    </Modal>
  );
}
