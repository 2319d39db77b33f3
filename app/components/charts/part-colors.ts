/** One colour per split part everywhere, so train/dev/test read the same in every chart. */
export const PART_FILL = { train: 'fill-indigo-500', dev: 'fill-teal-500', test: 'fill-slate-400' } as const;
export const PART_SWATCH = { train: 'bg-indigo-500', dev: 'bg-teal-500', test: 'bg-slate-400' } as const;
