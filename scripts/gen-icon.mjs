// Draws images/icon.png (128x128, the marketplace icon): a database cylinder on a blue tile with a green
// check badge — "your SQL, checked". Plain shapes rendered with 4x4 supersampling and written as a PNG with
// zlib, so the icon is reproducible without an image editor.
//
//   node scripts/gen-icon.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SUPERSAMPLE = 4;
const OUT = fileURLToPath(new URL('../images/icon.png', import.meta.url));

const rgb = (hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
const TILE_TOP = rgb('#3b6fa6');
const TILE_BOTTOM = rgb('#24496f');
const WHITE = rgb('#ffffff');
const LID = rgb('#cfe0f1');
const BAND = rgb('#2f5d8a');
const GREEN = rgb('#2ea043');

// Cylinder geometry.
const CX = 54;
const RX = 31;
const RY = 10;
const TOP = 34;
const BOTTOM = 90;
// Badge geometry.
const BADGE = { x: 95, y: 95, r: 22, gap: 4 };

const inEllipse = (x, y, cy) => ((x - CX) / RX) ** 2 + ((y - cy) / RY) ** 2 <= 1;
/** y of the front (lower) edge of an ellipse centred at cy, at x; NaN outside it. */
const frontEdge = (x, cy) => cy + RY * Math.sqrt(1 - ((x - CX) / RX) ** 2);

function inRoundedSquare(x, y, radius) {
  const dx = Math.max(radius - x, 0, x - (SIZE - radius));
  const dy = Math.max(radius - y, 0, y - (SIZE - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

/** Colour at a point, painted back to front; undefined = transparent. */
function colourAt(x, y) {
  if (!inRoundedSquare(x, y, 24)) return undefined;
  const t = y / SIZE;
  let c = TILE_TOP.map((v, i) => Math.round(v + (TILE_BOTTOM[i] - v) * t));
  const inBody = Math.abs(x - CX) <= RX && y >= TOP && y <= BOTTOM;
  if (inBody || inEllipse(x, y, BOTTOM)) {
    c = WHITE;
    // Two disk separators: the front edges of ellipses a third of the way down.
    for (const cy of [TOP + (BOTTOM - TOP) / 3, TOP + (2 * (BOTTOM - TOP)) / 3]) {
      if (Math.abs(x - CX) < RX && Math.abs(y - frontEdge(x, cy)) < 1.6) c = BAND;
    }
  }
  if (inEllipse(x, y, TOP)) c = LID;
  const d = Math.hypot(x - BADGE.x, y - BADGE.y);
  if (d <= BADGE.r + BADGE.gap) c = TILE_BOTTOM;
  if (d <= BADGE.r) c = GREEN;
  const tick = [[84, 95], [92, 103], [106, 88]];
  if (Math.min(distanceToSegment(x, y, tick[0], tick[1]), distanceToSegment(x, y, tick[1], tick[2])) <= 3.2) c = WHITE;
  return c;
}

function render() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = colourAt(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!c) continue;
          sum[0] += c[0];
          sum[1] += c[1];
          sum[2] += c[2];
          sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const o = (py * SIZE + px) * 4;
      // Colour averaged over covered samples only (no dark fringe at the tile's edge); alpha = coverage.
      for (let i = 0; i < 3; i++) pixels[o + i] = covered ? Math.round(sum[i] / covered) : 0;
      pixels[o + 3] = Math.round(sum[3] / SUPERSAMPLE ** 2);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function encodePng(rgba, width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method variants, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${OUT}`);
