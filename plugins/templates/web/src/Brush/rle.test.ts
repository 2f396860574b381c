import { describe, expect, it } from 'vitest';

import { decodeMask, decodeRle, encodeMask } from './rle';

describe('Label Studio RLE', () => {
  it('round-trips a mask, four bytes per pixel', () => {
    const mask = new Uint8Array(50 * 40);
    for (let y = 10; y < 30; y += 1) for (let x = 5; x < 25; x += 1) mask[y * 50 + x] = 1;

    const rle = encodeMask(mask);

    expect(decodeMask(rle, mask.length)).toEqual(mask);
    expect(decodeRle(rle).length).toBe(mask.length * 4);
    expect(rle.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)).toBe(true);
  });

  it('writes the header the server reads: the value count, word size 8 and the run sizes', () => {
    const rle = encodeMask(new Uint8Array(3));

    // 12 values in 32 bits, then 7 in 5 bits, then 2, 5, 9, 15 in 4 bits each.
    expect(rle.slice(0, 4)).toEqual([0, 0, 0, 12]);
    expect(rle[4]).toBe(0b00111001);
    expect(rle[5]).toBe(0b00101100);
  });

  it('splits runs longer than the longest run size', () => {
    const mask = new Uint8Array(70_000).fill(1);

    expect(decodeMask(encodeMask(mask), mask.length)).toEqual(mask);
  });
});
