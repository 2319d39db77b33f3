'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and while React hydrates, true once it runs in the browser. Submit
 * buttons wait for it: a form submitted before hydration has no handler yet, so the browser would
 * submit it natively (a reload that empties what was typed, and a GET that puts the fields, a
 * password included, in the URL).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
