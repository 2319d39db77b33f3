/**
 * File names of the trainer's bundles (child-bundle.ts writes them side by side; data-parallel.ts
 * finds the gradient thread's beside the child's). A module of its own so that neither side pulls
 * the other's dependencies (esbuild, tfjs) into its process.
 */
export const TRAINER_CHILD_BUNDLE = 'trainer-child.cjs';
export const GRADIENT_THREAD_BUNDLE = 'trainer-gradient-thread.cjs';
