import zlib from 'node:zlib';

/**
 * Small PNG pictures for the demo catalog, drawn in code so the seed needs no binary files: a soft
 * gradient in the category's colour with a round "product" shape and a shadow. Real shops upload photos.
 */
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

export function demoPng(hue: number, variant: number, size = 400): Buffer {
  const [r0, g0, b0] = hsl(hue, 0.45, 0.93);
  const [r1, g1, b1] = hsl(hue, 0.5, 0.8);
  const [rs, gs, bs] = hsl(hue, 0.55, 0.45 + (variant % 3) * 0.08);
  const cx = size / 2;
  const cy = size * 0.48;
  const rad = size * (0.26 + (variant % 4) * 0.02);
  // A pixel's colour depends on x + y (the gradient and the shape's lighting), whether it is in the
  // shadow and whether it is in the shape: the three colours per x + y are computed once, with exactly
  // the arithmetic of a per-pixel loop, so the picture is the same byte for byte, ~10× faster.
  const byte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  const plain = Buffer.alloc(2 * size * 3);
  const shaded = Buffer.alloc(2 * size * 3);
  const lit = Buffer.alloc(2 * size * 3);
  for (let sum = 0; sum < 2 * size; sum += 1) {
    const t = sum / (2 * size);
    const r = r0 + (r1 - r0) * t;
    const g = g0 + (g1 - g0) * t;
    const b = b0 + (b1 - b0) * t;
    const light = 1.15 - 0.35 * ((sum - cx - cy) / (2 * rad) + 0.5);
    plain[sum * 3] = byte(r); plain[sum * 3 + 1] = byte(g); plain[sum * 3 + 2] = byte(b);
    shaded[sum * 3] = byte(r * 0.85); shaded[sum * 3 + 1] = byte(g * 0.85); shaded[sum * 3 + 2] = byte(b * 0.85);
    lit[sum * 3] = byte(rs * light); lit[sum * 3 + 1] = byte(gs * light); lit[sum * 3 + 2] = byte(bs * light);
  }
  const shadowX = Float64Array.from({ length: size }, (_, x) => ((x - cx) / (rad * 1.05)) ** 2);
  const rad2 = rad * rad;
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y += 1) {
    const row = y * (1 + size * 3);
    raw[row] = 0;
    const shadowY = ((y - (cy + rad * 0.95)) / (rad * 0.22)) ** 2;
    const dy = y - cy;
    for (let x = 0; x < size; x += 1) {
      const dx = x - cx;
      let inShape: boolean;
      if (variant % 2 === 0) {
        // Math.hypot only near the rim, where the cheaper squared distance could round differently.
        const q = dx * dx + dy * dy;
        inShape = q < rad2 * (1 - 1e-9) ? true : q > rad2 * (1 + 1e-9) ? false : Math.hypot(dx, dy) / rad < 1;
      } else {
        inShape = Math.abs(dx) < rad * 0.8 && Math.abs(dy) < rad;
      }
      const from = inShape ? lit : shadowX[x]! + shadowY < 1 ? shaded : plain;
      const o = row + 1 + x * 3;
      const c = (x + y) * 3;
      raw[o] = from[c]!; raw[o + 1] = from[c + 1]!; raw[o + 2] = from[c + 2]!;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [255 * f(0), 255 * f(8), 255 * f(4)];
}
