'use client';

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowSelectionState } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { RunSummary } from './run-types';
import { RUN_COLUMNS } from './runs-columns';
import type { RunsView } from './runs-view';

const TH = 'px-2.5 py-2 text-left text-xs font-medium whitespace-nowrap text-slate-500';

/**
 * The runs table: TanStack Table for columns, visibility and row selection; sorting is manual
 * (the server sorts, so a page of 50 out of 100k runs is in the right place).
 */
export function RunsTable({
  runs,
  slug,
  view,
  onSort,
  selection,
  onSelectionChange,
}: {
  runs: RunSummary[];
  slug: string;
  view: Pick<RunsView, 'columns' | 'sort'>;
  onSort?: (sort: RunsView['sort']) => void;
  selection?: RowSelectionState;
  onSelectionChange?: (next: RowSelectionState) => void;
}) {
  const selectable = Boolean(onSelectionChange);
  const columns = useMemo<ColumnDef<RunSummary>[]>(
    () => [
      ...(selectable
        ? [
            {
              id: 'select',
              header: ({ table }) => (
                <input
                  type="checkbox"
                  aria-label="Select all runs on screen"
                  className="size-4 rounded border-slate-300 text-indigo-600"
                  checked={table.getIsAllRowsSelected()}
                  ref={(el) => {
                    if (el) el.indeterminate = table.getIsSomeRowsSelected();
                  }}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label={`Select run #${row.original.number}`}
                  className="size-4 rounded border-slate-300 text-indigo-600"
                  checked={row.getIsSelected()}
                  onChange={row.getToggleSelectedHandler()}
                />
              ),
            } satisfies ColumnDef<RunSummary>,
          ]
        : []),
      ...RUN_COLUMNS.map(
        (c): ColumnDef<RunSummary> => ({
          id: c.id,
          header: c.label,
          cell: ({ row }) => c.cell(row.original, slug),
          meta: c,
        }),
      ),
    ],
    [selectable, slug],
  );
  const columnVisibility = useMemo(
    () => Object.fromEntries(RUN_COLUMNS.map((c) => [c.id, view.columns.includes(c.id)])),
    [view.columns],
  );
  const order = useMemo(() => ['select', ...view.columns], [view.columns]);
  const table = useReactTable({
    data: runs,
    columns,
    getRowId: (run) => run.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableRowSelection: selectable,
    state: { columnVisibility, columnOrder: order, rowSelection: selection ?? {} },
    onRowSelectionChange: (updater) => onSelectionChange?.(typeof updater === 'function' ? updater(selection ?? {}) : updater),
  });

  return (
    <div className="overflow-x-auto" data-testid="runs-table-scroll">
      <table className="w-full text-sm">
        <thead className="border-b border-slate-200">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = header.column.columnDef.meta as (typeof RUN_COLUMNS)[number] | undefined;
                const sortField = meta?.sort;
                const active = sortField && view.sort.field === sortField;
                const align = meta?.align === 'right' ? 'text-right' : '';
                return (
                  <th
                    key={header.id}
                    className={`${TH} ${align} ${header.id === 'select' ? 'w-8' : ''}`}
                    aria-sort={active ? (view.sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {sortField && onSort ? (
                      <button
                        type="button"
                        className={`inline-flex items-center gap-1 hover:text-slate-900 ${active ? 'text-slate-900' : ''}`}
                        onClick={() => onSort({ field: sortField, direction: active && view.sort.direction === 'desc' ? 'asc' : 'desc' })}
                        title={`Sort by ${meta.label}`}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden className={active ? 'text-indigo-600' : 'text-slate-300'}>
                          {active ? (view.sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className={row.getIsSelected() ? 'bg-indigo-50/60' : 'hover:bg-slate-50'}>
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta as (typeof RUN_COLUMNS)[number] | undefined;
                return (
                  <td key={cell.id} className={`px-2.5 py-2 whitespace-nowrap text-slate-700 ${meta?.align === 'right' ? 'text-right tabular-nums' : ''}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
