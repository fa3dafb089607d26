// The size of an uploaded picture, read from its file's header before anything decodes it. A small file can unpack
// into billions of pixels (a "decompression bomb"), so the page without a server checks the size the header
// announces, as PIL does for the server (mnist37.files.decode). It reads the five formats every browser decodes:
// imageSize(bytes) is {format, width, height}; width and height are null when the header is cut short, and the
// whole answer is null for a file in any other format (or none).
function imageSize(b) {
  const n = b.length, has = (i, s) => i + s.length <= n && [...s].every((c, j) => b[i + j] === c.charCodeAt(0));
  const be16 = i => i + 2 <= n ? b[i] << 8 | b[i + 1] : null, le16 = i => i + 2 <= n ? b[i] | b[i + 1] << 8 : null;
  const le24 = i => i + 3 <= n ? b[i] | b[i + 1] << 8 | b[i + 2] << 16 : null;
  const be32 = i => i + 4 <= n ? b[i]*2**24 + (b[i + 1] << 16 | b[i + 2] << 8 | b[i + 3]) : null;
  const le32 = i => i + 4 <= n ? b[i + 3]*2**24 + (b[i + 2] << 16 | b[i + 1] << 8 | b[i]) : null;
  const size = (format, width, height) => ({format, width: width ?? null, height: height ?? null});
  const add1 = v => v === null ? null : v + 1, low14 = v => v === null ? null : v & 0x3FFF;
  if (has(0, '\x89PNG\r\n\x1a\n')) return has(12, 'IHDR') ? size('PNG', be32(16), be32(20)) : size('PNG');
  if (has(0, 'GIF87a') || has(0, 'GIF89a')) return gifSize(b, le16, size);
  if (b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF) return jpegSize(b, be16, size);
  if (has(0, 'RIFF') && has(8, 'WEBP')) {
    if (has(12, 'VP8X')) return size('WebP', add1(le24(24)), add1(le24(27)));   // the canvas of an extended file
    if (has(12, 'VP8L') && b[20] === 0x2F) { const v = le32(21); return v === null ? size('WebP') : size('WebP', (v & 0x3FFF) + 1, (v >>> 14 & 0x3FFF) + 1); }
    if (has(12, 'VP8 ') && b[23] === 0x9D && b[24] === 0x01 && b[25] === 0x2A) return size('WebP', low14(le16(26)), low14(le16(28)));
    return size('WebP');
  }
  if (has(0, 'BM')) {
    const header = le32(14), s32 = v => v === null ? null : Math.abs(v | 0);   // a negative height means top-down rows
    return header === 12 ? size('BMP', le16(18), le16(20)) : size('BMP', s32(le32(18)), s32(le32(22)));
  }
  return null;
}

function gifSize(b, le16, size) {   // the logical screen, or the first frame if it is larger (browsers enlarge the screen to it)
  let w = le16(6), h = le16(8), i = 13 + (b[10] & 0x80 ? 3*2**((b[10] & 7) + 1) : 0);
  while (i < b.length && b[i] === 0x21) {   // extensions: a label, then sub-blocks until one of length 0
    i += 2; while (i < b.length && b[i]) i += b[i] + 1; i++;
  }
  if (b[i] === 0x2C && i + 9 <= b.length) { w = Math.max(w, le16(i + 1) + le16(i + 5)); h = Math.max(h, le16(i + 3) + le16(i + 7)); }
  return size('GIF', w, h);
}

function jpegSize(b, be16, size) {   // the first start-of-frame segment (SOF0 to SOF15, except DHT, JPG and DAC)
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xFF) {
    const m = b[i + 1];
    if (m === 0xFF) { i++; continue; }                                             // fill bytes
    if (m === 0x01 || (m >= 0xD0 && m <= 0xD8)) { i += 2; continue; }               // markers without a length
    if (m >= 0xC0 && m <= 0xCF && m !== 0xC4 && m !== 0xC8 && m !== 0xCC) return size('JPEG', be16(i + 7), be16(i + 5));
    if (m === 0xDA || m === 0xD9) break;                                             // the image data, or its end: no frame header
    i += 2 + be16(i + 2);
  }
  return size('JPEG');
}
