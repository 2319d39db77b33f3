import type { InputHTMLAttributes } from 'react';

/** A radio button with its label as the click target. */
export function Radio({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className={`flex items-center gap-2 ${props.disabled ? 'text-slate-400' : 'text-slate-700'}`}>
      <input type="radio" className="size-4 border-slate-300 text-indigo-600" {...props} />
      {label}
    </label>
  );
}

export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="flex items-center gap-2 text-slate-700">
      <input type="checkbox" className="size-4 rounded border-slate-300 text-indigo-600" {...props} />
      <span className="truncate">{label}</span>
    </label>
  );
}
