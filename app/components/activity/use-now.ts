'use client';

import { useEffect, useState } from 'react';

/** The current time, refreshed every `ms`, so "12 s ago" keeps counting. */
export function useNow(ms = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
