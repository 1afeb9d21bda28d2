// Saved searches of the signed-in user: open one, save the current search (new or over the
// one opened), delete.
import { useState } from 'react';
import { errorMessage } from '../../api/client.js';
import { Icon } from '../../components/Icon.js';
import { Modal } from '../../components/Overlay.js';
import { useToast } from '../../components/Toasts.js';
import type { SavedSearch } from './types.js';
import { useDeleteSavedSearch, useSaveSearch, useSavedSearches } from './useEvents.js';

export interface CurrentSearch { query: string; from: string | null; to: string | null; columns: string[] }

export function SavedSearchMenu({ current, onOpen }: { current: CurrentSearch; onOpen: (search: SavedSearch) => void }) {
  const [menu, setMenu] = useState(false);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const list = useSavedSearches();
  const save = useSaveSearch();
  const remove = useDeleteSavedSearch();
  const toast = useToast();
  const existing = list.data?.items.find((s) => s.name === name.trim());

  return (
    <div className="relative">
      <div className="toolbar">
        <button onClick={() => setMenu((m) => !m)} aria-expanded={menu}><Icon name="star" size={14} /> Saved</button>
        <button onClick={() => { setSaving(true); setMenu(false); }}>Save…</button>
      </div>
      {menu && (
        <div className="menu" style={{ right: 0, top: '2.2rem', maxHeight: '22rem', overflow: 'auto' }} role="menu">
          {list.data?.items.length === 0 && <div className="muted" style={{ padding: '0.5rem' }}>No saved searches yet.</div>}
          {list.data?.items.map((s) => (
            <div key={s.id} style={{ display: 'flex' }}>
              <button role="menuitem" onClick={() => { onOpen(s); setMenu(false); }} title={s.query} style={{ flex: 1, minWidth: 0 }}>
                <span className="truncate">{s.name}</span>
              </button>
              <button className="ghost small" aria-label={`Delete ${s.name}`} onClick={() => remove.mutate(s.id, { onSuccess: () => toast(`Deleted "${s.name}"`) })}><Icon name="close" size={12} /></button>
            </div>
          ))}
        </div>
      )}
      {saving && (
        <Modal title="Save this search" onClose={() => setSaving(false)}
          footer={<><button onClick={() => setSaving(false)}>Cancel</button><button className="primary" form="save-search" type="submit" disabled={!name.trim() || save.isPending}>{existing ? 'Replace' : 'Save'}</button></>}>
          <form id="save-search" className="form" onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            save.mutate({ id: existing?.id, version: existing?.version, name: name.trim(), ...current }, {
              onSuccess: (s) => { toast(`Saved "${s.name}"`, 'ok'); setSaving(false); },
            });
          }}>
            <label className="field">Name<input value={name} onChange={(e) => setName(e.target.value)} autoFocus /></label>
            <div className="mono muted">{current.query || '(every event)'}</div>
            {existing && <p className="muted" style={{ margin: 0 }}>A saved search has this name: saving replaces it.</p>}
            {save.error && <div className="error-box">{errorMessage(save.error)}</div>}
          </form>
        </Modal>
      )}
    </div>
  );
}
