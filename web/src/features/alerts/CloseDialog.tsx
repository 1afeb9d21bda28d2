// Closing alerts needs a disposition: this dialog asks for one (keys 1–4 pick it).
import { useEffect, useState } from 'react';
import { Modal } from '../../components/Overlay.js';
import { DISPOSITIONS, label, type Disposition } from './types.js';

const HINTS: Record<Disposition, string> = {
  true_positive: 'Malicious or unwanted activity, handled',
  benign: 'Real activity, expected here (admin work, a scanner)',
  false_positive: 'The rule matched something it should not have',
  duplicate: 'Already handled in another alert or case',
};

export function CloseDialog({ count, onClose, onConfirm, busy }: { count: number; onClose: () => void; onConfirm: (d: Disposition) => void; busy: boolean }) {
  const [choice, setChoice] = useState<Disposition>('true_positive');
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      const index = Number(event.key) - 1;
      if (index >= 0 && index < DISPOSITIONS.length) setChoice(DISPOSITIONS[index]!);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
  return (
    <Modal title={count === 1 ? 'Close alert' : `Close ${count} alerts`} onClose={onClose}
      footer={<><button onClick={onClose}>Cancel</button><button className="primary" disabled={busy} onClick={() => onConfirm(choice)}>Close {count === 1 ? 'alert' : 'alerts'}</button></>}>
      <form className="form" onSubmit={(e) => { e.preventDefault(); onConfirm(choice); }}>
        <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'flex', flexDirection: 'column', gap: '0.5rem' }}>
          <legend className="muted" style={{ marginBottom: '0.5rem' }}>Disposition</legend>
          {DISPOSITIONS.map((d, i) => (
            <label key={d} style={{ display: 'flex', gap: '0.6rem', alignItems: 'baseline', cursor: 'pointer' }}>
              <input type="radio" name="disposition" value={d} checked={choice === d} onChange={() => setChoice(d)} />
              <span><kbd>{i + 1}</kbd> <strong style={{ textTransform: 'capitalize' }}>{label(d)}</strong> <span className="muted">— {HINTS[d]}</span></span>
            </label>
          ))}
        </fieldset>
      </form>
    </Modal>
  );
}
