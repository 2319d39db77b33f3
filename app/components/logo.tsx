import Link from 'next/link';

export function Logo() {
  return (
    <Link href="/" className="inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900">
      <svg viewBox="0 0 24 24" className="size-6" aria-hidden>
        <rect x="2" y="4" width="13" height="16" rx="2" className="fill-indigo-600" />
        <rect x="16" y="4" width="3" height="16" rx="1" className="fill-indigo-300" />
        <rect x="20" y="4" width="2" height="16" rx="1" className="fill-slate-400" />
      </svg>
      Holdout
    </Link>
  );
}
