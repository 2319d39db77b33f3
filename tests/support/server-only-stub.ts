// Vitest runs outside React's server environment; `server-only` guards nothing there.
export {};
