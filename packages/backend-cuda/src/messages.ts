import { thrownMessage } from '@descent/core';
import { type AddonPackage, CPU_PACKAGE, GPU_PACKAGE, REQUIREMENTS as R } from './addon/requirements.js';

/**
 * The texts of the errors `createBackend` throws. Each says what happened, what to install to
 * run on a GPU, and how to do without one.
 */

const PREFIX = '@descent/backend-cuda:';

const INSTALL_GPU =
  `To run on an NVIDIA GPU (${R.platforms}):\n` +
  `  1. Install the NVIDIA driver (${R.driver}), CUDA ${R.cuda} and cuDNN ${R.cudnn}: ` +
  `${GPU_PACKAGE} ${R.tfjsNode} runs TensorFlow ${R.tensorflow}, which is built against those versions.\n` +
  `  2. npm install ${GPU_PACKAGE}@${R.tfjsNode}\n` +
  '     (its install script downloads libtensorflow; with pnpm, allow that build script).';

/** How to do without the GPU backend; `lead` introduces the two options. */
function fallback(lead: string): string {
  return (
    `${lead}, either:\n` +
    '  - the WebAssembly backend: npm install @descent/backend-wasm @tensorflow/tfjs-backend-wasm,\n' +
    "    then setBackend(await createBackend()) with createBackend from '@descent/backend-wasm';\n" +
    `  - or TensorFlow on the CPU: npm install ${CPU_PACKAGE}@${R.tfjsNode},\n` +
    "    then setBackend(await createBackend({ allowCpu: true })) with createBackend from '@descent/backend-cuda'."
  );
}

function firstLine(error: unknown): string {
  const text = thrownMessage(error);
  return text.split('\n')[0]!.trim();
}

/** No addon package is installed (`allowCpu`: neither of the two). */
export function addonMissingMessage(allowCpu: boolean): string {
  const what = allowCpu
    ? `neither ${GPU_PACKAGE} nor ${CPU_PACKAGE} is installed (optional peer dependencies of @descent/backend-cuda: install one yourself)`
    : `${GPU_PACKAGE} is not installed (an optional peer dependency of @descent/backend-cuda: install it yourself)`;
  return (
    `${PREFIX} cannot create the CUDA backend: ${what}.\n\n` +
    `${INSTALL_GPU}\n\n${fallback('Without a GPU')}`
  );
}

/** The addon is installed but importing it threw. */
export function addonBrokenMessage(name: AddonPackage, error: unknown): string {
  return (
    `${PREFIX} ${name} is installed but failed to load: ${firstLine(error)}\n\n` +
    `Its native addon needs libtensorflow ${R.tensorflow}, which its install script downloads: reinstall it ` +
    `(npm rebuild ${name}, with its build script allowed) and see the cause of this error for details.\n\n` +
    fallback('Until it loads')
  );
}

/**
 * The addon loaded, but the `tensorflow` tfjs backend is not active: `tf.setBackend` threw
 * (`cause`), resolved false (`active` undefined), or left `active` as the active backend.
 */
export function notActiveMessage(name: AddonPackage, active: string | undefined, cause?: unknown): string {
  const why =
    cause !== undefined
      ? firstLine(cause)
      : active === undefined
        ? 'it resolved false: TensorFlow failed to initialise, and tfjs logged why'
        : `tfjs reports "${active}" as the active backend`;
  return (
    `${PREFIX} ${name} loaded, but tf.setBackend('tensorflow') did not make TensorFlow the active tfjs backend ` +
    `(${why}).\n\n${fallback('Otherwise')}`
  );
}

/** The `tensorflow` backend is active but exposes no device flag this package understands. */
export function unknownDeviceMessage(name: AddonPackage): string {
  return (
    `${PREFIX} ${name} loaded, but its "tensorflow" tfjs backend exposes neither isUsingGpuDevice nor ` +
    `binding.isUsingGpuDevice(), so whether TensorFlow uses a GPU is unknown (expected ${name} ${R.tfjsNode}).\n\n` +
    fallback('Otherwise')
  );
}

/**
 * tfjs-node-gpu loaded, but TensorFlow runs on the CPU and the caller did not accept that.
 * (Without `allowCpu` the CPU package is never loaded, so this is always the GPU package.)
 */
export function noGpuMessage(): string {
  return (
    `${PREFIX} ${GPU_PACKAGE} loaded, but TensorFlow found no usable GPU and would run every op on the CPU.\n\n` +
    `TensorFlow ${R.tensorflow} needs an NVIDIA GPU that nvidia-smi lists, the driver (${R.driver}), and the CUDA ${R.cuda} ` +
    `and cuDNN ${R.cudnn} libraries on the library path (LD_LIBRARY_PATH on Linux, PATH on Windows). ` +
    "TensorFlow's own log lines above (\"Could not load dynamic library ...\") name any library it did not find; " +
    'also check that CUDA_VISIBLE_DEVICES does not hide the GPU.\n' +
    "To run on the CPU anyway, pass createBackend({ allowCpu: true }); or use '@descent/backend-wasm'."
  );
}
