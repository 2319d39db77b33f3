import 'server-only';

/**
 * Where to go after signing in or up: a path on this origin, never another site (an open
 * redirect is a phishing aid). Browsers read `/\evil.example` and `/\t/evil.example` as
 * `//evil.example`, so a prefix check is not enough: resolve against our origin and compare.
 * Anything refused goes home (`/`), which picks the person's team or their list of teams.
 */
export function sameOriginPath(url: string | null | undefined, fallback = '/'): string {
  if (!url) return fallback;
  const base = 'http://holdout.invalid';
  try {
    // Control characters and backslashes are normalised by browsers before navigation.
    if (/[\u0000-\u001f\\]/.test(url)) return fallback;
    const resolved = new URL(url, base);
    if (resolved.origin !== base || !url.startsWith('/')) return fallback;
    return resolved.pathname + resolved.search + resolved.hash;
  } catch {
    return fallback;
  }
}

/** next-auth's redirect callback: same-origin absolute URLs and paths only. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const origin = new URL(baseUrl).origin;
  try {
    if (url.startsWith('/')) return origin + sameOriginPath(url);
    const resolved = new URL(url);
    return resolved.origin === origin ? origin + sameOriginPath(resolved.pathname + resolved.search + resolved.hash) : `${origin}/`;
  } catch {
    return `${origin}/`;
  }
}
