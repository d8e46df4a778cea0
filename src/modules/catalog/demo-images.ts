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
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y += 1) {
    const row = y * (1 + size * 3);
    raw[row] = 0;
    for (let x = 0; x < size; x += 1) {
      const t = (x + y) / (2 * size);
      let r = r0 + (r1 - r0) * t;
      let g = g0 + (g1 - g0) * t;
      let b = b0 + (b1 - b0) * t;
      const shadow = ((x - cx) / (rad * 1.05)) ** 2 + ((y - (cy + rad * 0.95)) / (rad * 0.22)) ** 2;
      if (shadow < 1) { r *= 0.85; g *= 0.85; b *= 0.85; }
      const d = Math.hypot(x - cx, y - cy) / rad;
      if (variant % 2 === 0 ? d < 1 : Math.abs(x - cx) < rad * 0.8 && Math.abs(y - cy) < rad) {
        const light = 1.15 - 0.35 * ((x - cx + y - cy) / (2 * rad) + 0.5);
        r = rs * light; g = gs * light; b = bs * light;
      }
      const o = row + 1 + x * 3;
      raw[o] = Math.max(0, Math.min(255, Math.round(r)));
      raw[o + 1] = Math.max(0, Math.min(255, Math.round(g)));
      raw[o + 2] = Math.max(0, Math.min(255, Math.round(b)));
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
