import { ByteBuffer } from 'flatbuffers';

/**
 * A bounds-checked view of one flatbuffer table. The flatbuffers runtime reads past the end of a
 * buffer as zeros, so a truncated file would decode into a plausible but wrong model; every
 * offset here is checked against the buffer instead, and a bad one throws naming the file.
 */

export class FlatFormatError extends Error {
  constructor(
    readonly file: string,
    what: string,
  ) {
    super(`${file}: not a readable TFLite flatbuffer (${what}); the file is truncated or corrupt`);
    this.name = 'FlatFormatError';
  }
}

/** The voffset of a table's n-th field, counting a union as its two slots (type, value). */
const slot = (field: number): number => 4 + 2 * field;

export class FlatTable {
  private constructor(
    private readonly bb: ByteBuffer,
    private readonly pos: number,
    readonly file: string,
  ) {}

  /** The root table, after checking the 4-byte file identifier (`TFL3` for TFLite). */
  static root(bytes: Uint8Array, file: string, identifier: string): FlatTable {
    if (bytes.length < 8) throw new FlatFormatError(file, `only ${bytes.length} bytes`);
    const bb = new ByteBuffer(bytes);
    if (!bb.__has_identifier(identifier))
      throw new FlatFormatError(file, `no "${identifier}" file identifier`);
    return FlatTable.at(bb, bb.readUint32(0), file);
  }

  private static at(bb: ByteBuffer, pos: number, file: string): FlatTable {
    const check = (at: number, size: number, what: string): void => {
      if (at < 0 || at + size > bb.capacity())
        throw new FlatFormatError(file, `${what} at byte ${at} lies past the end`);
    };
    check(pos, 4, 'a table');
    const vtable = pos - bb.readInt32(pos);
    check(vtable, 4, 'a vtable');
    check(vtable, bb.readUint16(vtable), 'a vtable');
    check(pos, bb.readUint16(vtable + 2), 'a table');
    return new FlatTable(bb, pos, file);
  }

  private fail(what: string): never {
    throw new FlatFormatError(this.file, what);
  }

  /** Absolute position of a field's value, or 0 when the field is absent. */
  private field(field: number): number {
    const o = this.bb.__offset(this.pos, slot(field));
    return o === 0 ? 0 : this.pos + o;
  }

  private scalar(field: number, fallback: number, read: (at: number) => number): number {
    const at = this.field(field);
    return at === 0 ? fallback : read(at);
  }

  int8(field: number, fallback = 0): number {
    return this.scalar(field, fallback, (at) => this.bb.readInt8(at));
  }

  uint8(field: number, fallback = 0): number {
    return this.scalar(field, fallback, (at) => this.bb.readUint8(at));
  }

  int32(field: number, fallback = 0): number {
    return this.scalar(field, fallback, (at) => this.bb.readInt32(at));
  }

  uint32(field: number, fallback = 0): number {
    return this.scalar(field, fallback, (at) => this.bb.readUint32(at));
  }

  bool(field: number, fallback = false): boolean {
    return this.scalar(field, fallback ? 1 : 0, (at) => this.bb.readUint8(at)) !== 0;
  }

  string(field: number): string {
    const at = this.field(field);
    if (at === 0) return '';
    const bytes = this.vectorBytes(at, 1);
    return new TextDecoder().decode(bytes);
  }

  table(field: number): FlatTable | null {
    const at = this.field(field);
    return at === 0 ? null : FlatTable.at(this.bb, this.bb.__indirect(at), this.file);
  }

  tables(field: number): FlatTable[] {
    const at = this.field(field);
    if (at === 0) return [];
    const { first, length } = this.vector(at, 4);
    return Array.from({ length }, (_, i) =>
      FlatTable.at(this.bb, this.bb.__indirect(first + 4 * i), this.file),
    );
  }

  /** A vector of scalars, copied out (the buffer may be unaligned for a typed-array view). */
  int32s(field: number): number[] {
    return this.vectorOf(field, 4, (dv, i) => dv.getInt32(i * 4, true));
  }

  uint16s(field: number): number[] {
    return this.vectorOf(field, 2, (dv, i) => dv.getUint16(i * 2, true));
  }

  float32s(field: number): number[] {
    return this.vectorOf(field, 4, (dv, i) => dv.getFloat32(i * 4, true));
  }

  /** A [ubyte] vector as a view into the file (no copy). */
  bytes(field: number): Uint8Array {
    const at = this.field(field);
    return at === 0 ? new Uint8Array(0) : this.vectorBytes(at, 1);
  }

  private vectorOf(
    field: number,
    size: number,
    read: (dv: DataView, i: number) => number,
  ): number[] {
    const at = this.field(field);
    if (at === 0) return [];
    const v = this.vectorBytes(at, size);
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    return Array.from({ length: v.byteLength / size }, (_, i) => read(dv, i));
  }

  private vector(at: number, elementSize: number): { first: number; length: number } {
    const start = this.bb.__indirect(at);
    if (start + 4 > this.bb.capacity()) this.fail(`a vector at byte ${start} lies past the end`);
    const length = this.bb.readUint32(start);
    const first = start + 4;
    if (first + length * elementSize > this.bb.capacity())
      this.fail(`a vector of ${length} items at byte ${start} runs past the end`);
    return { first, length };
  }

  private vectorBytes(at: number, elementSize: number): Uint8Array {
    const { first, length } = this.vector(at, elementSize);
    return this.bb.bytes().subarray(first, first + length * elementSize);
  }
}
