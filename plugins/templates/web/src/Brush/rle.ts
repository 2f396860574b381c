// Label Studio's brush masks: the bit-packed run-length stream of rle-pack over the RGBA
// bytes of the image. The stream starts with 32 bits of value count, 5 bits of word size
// less one and four 4-bit run sizes less one; then chunks of a flag bit (1: one value
// repeated), 2 bits picking a run size, the run length less one, and the value or values.
// Bits fill each byte from its high end.

const RUN_SIZES = [3, 6, 10, 16] as const;
const LONGEST_RUN = 1 << 16;

class BitWriter {
  private bytes = new Uint8Array(1024);
  private position = 0;

  write(value: number, count: number): void {
    for (let shift = count - 1; shift >= 0; shift -= 1) {
      const byte = this.position >> 3;
      if (byte >= this.bytes.length) {
        const grown = new Uint8Array(this.bytes.length * 2);
        grown.set(this.bytes);
        this.bytes = grown;
      }
      if ((value >>> shift) & 1)
        this.bytes[byte] = (this.bytes[byte] ?? 0) | (0x80 >> (this.position & 7));
      this.position += 1;
    }
  }

  packed(): number[] {
    return Array.from(this.bytes.subarray(0, (this.position + 7) >> 3));
  }
}

class BitReader {
  private position = 0;

  constructor(private readonly bytes: readonly number[]) {}

  read(count: number): number {
    let value = 0;
    for (let index = 0; index < count; index += 1) {
      const byte = this.bytes[this.position >> 3];
      if (byte === undefined) throw new Error('The mask ends in the middle of a chunk.');
      value = value * 2 + ((byte >> (7 - (this.position & 7))) & 1);
      this.position += 1;
    }
    return value;
  }
}

function writeRun(writer: BitWriter, value: number, length: number): void {
  let left = length;
  while (left > 0) {
    const run = Math.min(left, LONGEST_RUN);
    const sizeIndex = RUN_SIZES.findIndex((size) => run <= 1 << size);
    writer.write(1, 1);
    writer.write(sizeIndex, 2);
    writer.write(run - 1, RUN_SIZES[sizeIndex] ?? 16);
    writer.write(value, 8);
    left -= run;
  }
}

/**
 * A mask (one byte per pixel, non-zero inside) as Label Studio's RLE of its RGBA bytes:
 * every channel of a pixel inside is 255, outside 0.
 */
export function encodeMask(mask: Uint8Array): number[] {
  const writer = new BitWriter();
  writer.write(mask.length * 4, 32);
  writer.write(8 - 1, 5);
  for (const size of RUN_SIZES) writer.write(size - 1, 4);

  let start = 0;
  while (start < mask.length) {
    const inside = mask[start] !== 0;
    let end = start + 1;
    while (end < mask.length && (mask[end] !== 0) === inside) end += 1;
    writeRun(writer, inside ? 255 : 0, (end - start) * 4);
    start = end;
  }
  return writer.packed();
}

/** The RGBA bytes an RLE stream holds. */
export function decodeRle(rle: readonly number[]): Uint8Array {
  const reader = new BitReader(rle);
  const count = reader.read(32);
  const wordSize = reader.read(5) + 1;
  const runSizes = [0, 1, 2, 3].map(() => reader.read(4) + 1);
  const out = new Uint8Array(count);
  let done = 0;
  while (done < count) {
    const repeated = reader.read(1);
    const length = reader.read(runSizes[reader.read(2)] ?? 1) + 1;
    if (repeated) {
      out.fill(reader.read(wordSize) & 0xff, done, Math.min(count, done + length));
    } else {
      for (let index = 0; index < length && done + index < count; index += 1) {
        out[done + index] = reader.read(wordSize) & 0xff;
      }
    }
    done += length;
  }
  return out;
}

/** A mask from an RLE stream, one byte per pixel: a pixel is inside when its alpha is set. */
export function decodeMask(rle: readonly number[], pixels: number): Uint8Array {
  const rgba = decodeRle(rle);
  const mask = new Uint8Array(pixels);
  for (let pixel = 0; pixel < pixels; pixel += 1) mask[pixel] = rgba[pixel * 4 + 3] ? 1 : 0;
  return mask;
}
