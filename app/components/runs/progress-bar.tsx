/** A thin epochs-done bar: `planned` is an upper bound, since early stopping may end sooner. */
export function EpochProgress({ done, planned, thick = false }: { done: number; planned: number; thick?: boolean }) {
  const share = planned > 0 ? Math.min(1, done / planned) : 0;
  return (
    <div
      role="progressbar"
      aria-label="Epochs done"
      aria-valuemin={0}
      aria-valuemax={planned}
      aria-valuenow={done}
      className={`w-full overflow-hidden rounded-full bg-slate-200 ${thick ? 'h-2' : 'h-1'}`}
    >
      <div className="h-full rounded-full bg-indigo-500 transition-[width] duration-500" style={{ width: `${share * 100}%` }} />
    </div>
  );
}
