const dev = process.env.NODE_ENV === 'development';

/**
 * Sent with every response. Pages may not be framed by any other page (a same-site page could
 * otherwise overlay a signed-in one), content types are not sniffed, and scripts, styles and
 * connections come from this origin only. Next's App Router inlines its bootstrap scripts, hence
 * 'unsafe-inline' for scripts; the dev server also evaluates code. GitHub is a form target only
 * for "Sign in with GitHub".
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self' https://github.com",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded from node_modules at run time: WASM, native addons and their own workers
  // don't survive bundling.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pg',
    'pg-boss',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-node-gpu',
  ],
  // `npm test` type-checks the whole project (tests and workers too) with `tsc`; the build
  // needn't repeat it, and a first `npm start` is faster without it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
