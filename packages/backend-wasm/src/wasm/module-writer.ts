import { ByteWriter } from './encoding.js';
import type { FunctionBody } from './function-body.js';
import { ExternKind, Section, type ValType } from './opcodes.js';

/** How a module imports its linear memory. */
export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  /** Minimum size in 64 KiB pages. */
  readonly minPages: number;
  /** A shared memory (threads) must declare a maximum; ours takes the largest wasm32 one. */
  readonly shared: boolean;
}

/** One exported function. */
export interface ExportedFunction {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly body: FunctionBody;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];
const FUNC_TYPE = 0x60;
const MAX_PAGES = 65536;

function section(out: ByteWriter, id: number, content: ByteWriter): void {
  out.byte(id).sized(content);
}

/**
 * Writes a module that imports one memory and exports functions (each with its own type):
 * the type, import, function, export and code sections.
 */
export function writeModule(memory: MemoryImport, functions: readonly ExportedFunction[]): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter().bytes(MAGIC).bytes(VERSION);

  const types = new ByteWriter().u32(functions.length);
  for (const f of functions) {
    types.byte(FUNC_TYPE).u32(f.params.length).bytes(f.params).u32(f.results.length).bytes(f.results);
  }
  section(out, Section.type, types);

  const imports = new ByteWriter().u32(1).name(memory.module).name(memory.name).byte(ExternKind.memory);
  if (memory.shared) imports.byte(0x03).u32(memory.minPages).u32(MAX_PAGES);
  else imports.byte(0x00).u32(memory.minPages);
  section(out, Section.import, imports);

  const declared = new ByteWriter().u32(functions.length);
  functions.forEach((_, i) => declared.u32(i));
  section(out, Section.function, declared);

  const exports = new ByteWriter().u32(functions.length);
  functions.forEach((f, i) => exports.name(f.name).byte(ExternKind.func).u32(i));
  section(out, Section.export, exports);

  const code = new ByteWriter().u32(functions.length);
  for (const f of functions) code.sized(f.body.encode());
  section(out, Section.code, code);

  return out.toBytes();
}
