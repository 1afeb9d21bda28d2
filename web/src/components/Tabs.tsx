// A row of tabs; the chosen one usually lives in the URL (?tab=).
export interface TabItem { id: string; label: string; count?: number }

export function Tabs({ items, active, onChange }: { items: TabItem[]; active: string; onChange: (id: string) => void }) {
  return (
    <div className="tabs" role="tablist">
      {items.map((item) => (
        <button key={item.id} role="tab" aria-selected={item.id === active} className={item.id === active ? 'active' : ''} onClick={() => onChange(item.id)}>
          {item.label}{item.count !== undefined && <span className="count">{item.count}</span>}
        </button>
      ))}
    </div>
  );
}
