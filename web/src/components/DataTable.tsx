// A dense table on TanStack Table: optional row selection with checkboxes, a focused row (for
// keyboard triage), rows flashed when new, and sort headers for lists sorted by the server.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from '@tanstack/react-table';
import { useMemo, type MouseEvent, type ReactNode } from 'react';

export interface ColumnMeta {
  className?: string;
  /** The server's sort key for this column, when the list can be sorted by it. */
  sortKey?: string;
}

export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, unknown>[];
  rowId: (row: T) => string;
  selection?: RowSelectionState;
  onSelectionChange?: (selection: RowSelectionState) => void;
  focusedId?: string | null;
  freshIds?: ReadonlySet<string>;
  onRowClick?: (row: T, event: MouseEvent) => void;
  sort?: { key: string; desc: boolean };
  onSortChange?: (sort: { key: string; desc: boolean }) => void;
  empty?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  label: string;
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { data, rowId, selection, onSelectionChange, focusedId, freshIds, onRowClick, sort, onSortChange, empty, rowClassName, label } = props;
  const selectable = selection !== undefined && onSelectionChange !== undefined;
  const columns = useMemo<ColumnDef<T, unknown>[]>(() => (selectable ? [{
    id: '_select',
    meta: { className: 'check' } satisfies ColumnMeta,
    header: ({ table }) => (
      <input type="checkbox" aria-label="Select all" checked={table.getIsAllRowsSelected()}
        ref={(el) => { if (el) el.indeterminate = table.getIsSomeRowsSelected(); }}
        onChange={table.getToggleAllRowsSelectedHandler()} />
    ),
    cell: ({ row }) => (
      <input type="checkbox" aria-label="Select" checked={row.getIsSelected()} onClick={(e) => e.stopPropagation()} onChange={row.getToggleSelectedHandler()} />
    ),
  }, ...props.columns] : props.columns), [props.columns, selectable]);

  const table = useReactTable({
    data,
    columns,
    getRowId: rowId,
    getCoreRowModel: getCoreRowModel(),
    enableRowSelection: selectable,
    manualSorting: true,
    state: { rowSelection: selection ?? {} },
    onRowSelectionChange: (updater) => {
      if (!onSelectionChange) return;
      onSelectionChange(typeof updater === 'function' ? updater(selection ?? {}) : updater);
    },
  });

  return (
    <div className="table-wrap">
      <table className="data" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as ColumnMeta | undefined;
                const sortKey = meta?.sortKey;
                const active = sortKey !== undefined && sort?.key === sortKey;
                const canSort = sortKey !== undefined && onSortChange !== undefined;
                return (
                  <th key={header.id} className={[meta?.className, canSort ? 'sortable' : ''].filter(Boolean).join(' ')}
                    aria-sort={active ? (sort!.desc ? 'descending' : 'ascending') : undefined}
                    onClick={canSort ? () => onSortChange!({ key: sortKey!, desc: active ? !sort!.desc : true }) : undefined}>
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                    {active && (sort!.desc ? ' ▾' : ' ▴')}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const classes = [
              onRowClick ? 'clickable' : '',
              row.getIsSelected() ? 'selected' : '',
              focusedId === row.id ? 'focused' : '',
              freshIds?.has(row.id) ? 'fresh' : '',
              rowClassName?.(row.original) ?? '',
            ].filter(Boolean).join(' ');
            return (
              <tr key={row.id} className={classes || undefined} data-row-id={row.id} onClick={onRowClick ? (e) => onRowClick(row.original, e) : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as ColumnMeta | undefined)?.className}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {data.length === 0 && (empty ?? <div className="empty">Nothing to show.</div>)}
    </div>
  );
}
