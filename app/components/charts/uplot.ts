'use client';

import { useEffect, type RefObject } from 'react';
import type uPlotType from 'uplot';
import 'uplot/dist/uPlot.min.css';

let uplotModule: Promise<typeof uPlotType> | null = null;

/** uPlot's chunk, fetched once; calling it early starts the download while data still loads. */
export function loadUplot(): Promise<typeof uPlotType> {
  uplotModule ??= import('uplot').then((m) => m.default);
  return uplotModule;
}

/** Keeps a uPlot chart as wide as its box, and destroys it when the component goes away. */
export function useUplotLifecycle(box: RefObject<HTMLDivElement | null>, plot: RefObject<uPlotType | null>, height: number): void {
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [box, plot, height]);
}
