import type { ReactNode } from 'react';

/** One calm group of the launch form: a title, a sentence of why, then its fields. */
export function FormSection({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="grid gap-4 border-t border-slate-100 pt-5 first:border-t-0 first:pt-0 md:grid-cols-[14rem_1fr]">
      <div>
        <legend className="text-sm font-semibold text-slate-900">{title}</legend>
        {description && <p className="mt-1 text-xs leading-relaxed text-slate-500">{description}</p>}
      </div>
      <div className="space-y-4">{children}</div>
    </fieldset>
  );
}

/** Fields side by side on wide screens, stacked on narrow ones. */
export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="grid gap-4 sm:grid-cols-3">{children}</div>;
}
