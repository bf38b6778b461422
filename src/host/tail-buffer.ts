/** A bounded tail of a child's output stream (Node: uses Buffer). */
import { decodeTail } from './runtime-close.js';

/** A fixed-size ring of the last `capacity` bytes written. */
export class TailBuffer {
  private _buf: Buffer | undefined;
  private _pos = 0;
  private _full = false;
  /** Bytes written in total (not only the ones kept). */
  total = 0;

  constructor(readonly capacity: number) {}

  write(chunk: unknown): void {
    let data: Buffer;
    if (typeof chunk === 'string') data = Buffer.from(chunk, 'utf8');
    else if (chunk instanceof Uint8Array) data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else return;
    if (data.length === 0 || this.capacity <= 0) return;
    this.total += data.length;
    this._buf ??= Buffer.alloc(this.capacity);
    const cap = this.capacity;
    if (data.length >= cap) {
      data.copy(this._buf, 0, data.length - cap);
      this._pos = 0;
      this._full = true;
      return;
    }
    const first = Math.min(data.length, cap - this._pos);
    data.copy(this._buf, this._pos, 0, first);
    if (first < data.length) {
      data.copy(this._buf, 0, first);
      this._pos = data.length - first;
      this._full = true;
    } else {
      this._pos += first;
      if (this._pos === cap) {
        this._pos = 0;
        this._full = true;
      }
    }
  }

  /** The kept bytes as text; a character cut at the start is dropped. */
  text(): string {
    if (this._buf === undefined) return '';
    if (!this._full) return this._buf.subarray(0, this._pos).toString('utf8');
    return decodeTail(Buffer.concat([this._buf.subarray(this._pos), this._buf.subarray(0, this._pos)]));
  }
}
