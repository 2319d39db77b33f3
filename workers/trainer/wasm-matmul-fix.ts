import * as tf from '@tensorflow/tfjs';

/**
 * The stock wasm BatchMatMul takes a fast path only for a plain product; with transposeA or
 * transposeB set (every product of the backward pass) it falls back to a loop tens of times
 * slower, which dominated a training step. Transposing the operand with the wasm Transpose kernel
 * and then calling the plain product makes a step several times faster (npm run bench:train
 * compares it with tfjs as shipped). Results agree up to float rounding.
 */
let installed = false;

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}
type KernelArgs = {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackendLike;
  attrs: Record<string, unknown>;
};
type KernelFn = (args: KernelArgs) => TensorInfoLike;

export function installWasmMatMulFix(): void {
  if (installed) return;
  const original = tf.getKernel(tf.BatchMatMul, 'wasm');
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (!original || !transpose) throw new Error('the wasm backend must be imported before the matmul fix');
  const product = original.kernelFunc as unknown as KernelFn;
  const transposeFn = transpose.kernelFunc as unknown as KernelFn;

  const swapLastTwo = (x: TensorInfoLike, backend: WasmBackendLike): TensorInfoLike => {
    const perm = x.shape.map((_, i) => i);
    const last = perm.length - 1;
    [perm[last - 1], perm[last]] = [last, last - 1];
    return transposeFn({ inputs: { x }, backend, attrs: { perm } });
  };

  const kernelFunc: KernelFn = ({ inputs, backend, attrs }) => {
    const a = inputs.a!;
    const b = inputs.b!;
    if (!attrs.transposeA && !attrs.transposeB) return product({ inputs, backend, attrs });
    const aT = attrs.transposeA ? swapLastTwo(a, backend) : a;
    const bT = attrs.transposeB ? swapLastTwo(b, backend) : b;
    try {
      return product({
        inputs: { a: aT, b: bT },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      if (aT !== a) backend.disposeData(aT.dataId);
      if (bT !== b) backend.disposeData(bT.dataId);
    }
  };

  // Keep the original setupFunc: it binds the C++ entry point the plain product uses.
  tf.unregisterKernel(tf.BatchMatMul, 'wasm');
  tf.registerKernel({
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  });
  installed = true;
}

export function wasmMatMulFixInstalled(): boolean {
  return installed;
}
