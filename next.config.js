/** @type {import('next').NextConfig} */
const nextConfig = {
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
