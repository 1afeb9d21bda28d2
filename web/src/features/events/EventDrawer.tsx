// One event, every field, each value one click from filtering the search in or out; and the
// original record as received.
import { useState } from 'react';
import { FieldTable } from '../../components/FieldTable.js';
import { Icon } from '../../components/Icon.js';
import { Drawer } from '../../components/Overlay.js';
import { Tabs } from '../../components/Tabs.js';
import { ECS } from '../../lib/ecs.js';
import type { EventDocument } from './types.js';

export function EventDrawer({ event, onClose, onFilter }: { event: EventDocument; onClose: () => void; onFilter: (field: string, value: unknown, exclude: boolean) => void }) {
  const [tab, setTab] = useState('fields');
  const original = event[ECS.event.original];
  return (
    <Drawer title={<span className="mono">{event['@timestamp']}</span>} onClose={onClose}>
      <Tabs items={[{ id: 'fields', label: 'Fields' }, { id: 'json', label: 'JSON' }, ...(original ? [{ id: 'original', label: 'Original' }] : [])]} active={tab} onChange={setTab} />
      <div style={{ marginTop: '0.7rem' }}>
        {tab === 'fields' && (
          <FieldTable label="Event fields" fields={event} actions={(field, value) => (
            <>
              <button className="ghost small" title="Only events with this value" aria-label={`Filter for ${field}`} onClick={() => onFilter(field, value, false)}><Icon name="filterIn" size={13} /></button>
              <button className="ghost small" title="Without this value" aria-label={`Filter out ${field}`} onClick={() => onFilter(field, value, true)}><Icon name="filterOut" size={13} /></button>
            </>
          )} />
        )}
        {tab === 'json' && <pre className="code">{JSON.stringify(event, null, 2)}</pre>}
        {tab === 'original' && <pre className="code" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{String(original)}</pre>}
      </div>
    </Drawer>
  );
}
