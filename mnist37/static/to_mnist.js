// to_mnist (lesson 15, mnist37.draw) in JavaScript, step by step, for the page without a server (lesson 17).
// Each function copies the Python named in its comment; tools/web_test.py holds the two to the same 28×28 picture.

// Python's round() sends halves to the even neighbour (round(4.5) == 4); Math.round sends them up
function roundHalfEven(x) { const r = Math.round(x); return Math.abs(x % 1) === 0.5 && r % 2 ? r - 1 : r; }

// as_grey (through grey_levels) for a picture's RGBA bytes: grey levels in 0..1
function asGrey(rgba, w, h) {
  const n = w*h, g = new Float64Array(n), a = new Float64Array(n);
  if (!n) throw new Error('The picture has no pixels');
  let sa = 0, sga = 0;
  for (let i = 0; i < n; i++) {
    g[i] = (rgba[4*i]*19595 + rgba[4*i + 1]*38470 + rgba[4*i + 2]*7471 + 0x8000) >> 16;   // PIL's RGB to L, in integers
    a[i] = rgba[4*i + 3]/255; sa += a[i]; sga += g[i]*a[i];
  }
  if (!sa) throw new Error('The picture is fully transparent: there is no digit to see');
  const bg = sga/sa < 128 ? 255 : 0;   // dark ink goes on white, light ink on black
  for (let i = 0; i < n; i++) g[i] = roundHalfEven(g[i]*a[i] + bg*(1 - a[i]))/255;   // opaque: g stays g
  return {h, w, data: g};
}

// border: the pixels along the four edges, k = max(1, round(5% of the shorter side)) deep
function border(a, frac = 0.05) {
  const {h, w, data} = a, k = Math.max(1, roundHalfEven(Math.min(h, w)*frac)), out = [];
  const rows = (y0, y1) => { for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) out.push(data[y*w + x]); };
  const cols = (x0, x1) => { for (let y = 0; y < h; y++) for (let x = x0; x < x1; x++) out.push(data[y*w + x]); };
  rows(0, Math.min(k, h)); rows(Math.max(0, h - k), h); cols(0, Math.min(k, w)); cols(Math.max(0, w - k), w);
  return out;
}
function median(v) {   // np.median: the middle value, or the mean of the two middle ones
  const s = Float64Array.from(v).sort(), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m])/2;
}
function whiteOnBlack(a, minContrast = 0.1) {
  let bg = median(border(a)), d = a.data;
  if (bg > 0.5) { d = d.map(v => 1 - v); bg = 1 - bg; }
  let top = -Infinity; for (const v of d) if (v > top) top = v;
  if (top - bg < minContrast) throw new Error('The picture is empty: no ink stands out from the background (draw or photograph a digit)');
  return {h: a.h, w: a.w, data: d.map(v => Math.min(1, Math.max(0, (v - bg)/(top - bg))))};
}

// ink_box: [top, bottom, left, right) of the pixels brighter than thresh
function inkBox(a, thresh = 0.2) {
  let t = a.h, b = -1, l = a.w, r = -1;
  for (let y = 0; y < a.h; y++) for (let x = 0; x < a.w; x++)
    if (a.data[y*a.w + x] > thresh) { t = Math.min(t, y); b = y; l = Math.min(l, x); r = Math.max(r, x); }
  if (b < 0) throw new Error(`The picture is empty: no pixel is brighter than ${thresh} (draw or photograph a digit)`);
  return [t, b + 1, l, r + 1];
}
function inkOnly(a, [t, b, l, r], thresh = 0.2) {   // crop = a[box]; np.where(crop > thresh, crop, 0)
  const w = r - l, data = new Float64Array((b - t)*w);
  for (let y = t; y < b; y++) for (let x = l; x < r; x++) { const v = a.data[y*a.w + x]; data[(y - t)*w + x - l] = v > thresh ? v : 0; }
  return {h: b - t, w, data};
}

// fit_box: Pillow's Lanczos resize of a float32 ('F') picture, as its Resample.c computes it
function sinc(x) { if (x === 0) return 1; x *= Math.PI; return Math.sin(x)/x; }
function lanczos(x) { return -3 <= x && x < 3 ? sinc(x)*sinc(x/3) : 0; }
function coeffs(inSize, outSize) {   // for each output pixel: its first input pixel, and the normalised weights
  const scale = inSize/outSize, fs = Math.max(scale, 1), support = 3*fs, ss = 1/fs, out = [];
  for (let xx = 0; xx < outSize; xx++) {
    const centre = (xx + 0.5)*scale;
    const lo = Math.max(0, Math.trunc(centre - support + 0.5)), hi = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const k = []; let ww = 0;
    for (let x = lo; x < hi; x++) { const v = lanczos((x - centre + 0.5)*ss); k.push(v); ww += v; }
    out.push({lo, k: ww !== 0 ? k.map(v => v/ww) : k});
  }
  return out;
}
function resize(a, nw, nh) {   // rows first, then columns; sums in double, stored in float32 like Pillow's
  let {h, w} = a, d = Float32Array.from(a.data);
  if (nw !== w) {
    const cs = coeffs(w, nw), t = new Float32Array(h*nw);
    for (let y = 0; y < h; y++) for (let xx = 0; xx < nw; xx++) {
      const {lo, k} = cs[xx]; let s = 0;
      for (let i = 0; i < k.length; i++) s += d[y*w + lo + i]*k[i];
      t[y*nw + xx] = s;
    }
    d = t; w = nw;
  }
  if (nh !== h) {
    const cs = coeffs(h, nh), t = new Float32Array(nh*w);
    for (let yy = 0; yy < nh; yy++) for (let x = 0; x < w; x++) {
      const {lo, k} = cs[yy]; let s = 0;
      for (let i = 0; i < k.length; i++) s += d[(lo + i)*w + x]*k[i];
      t[yy*w + x] = s;
    }
    d = t; h = nh;
  }
  return {h, w, data: Float64Array.from(d, v => Math.min(1, Math.max(0, v)))};
}
function fitBox(a, size = 20) {   // the longer side becomes size pixels, keeping the aspect ratio
  const s = size/Math.max(a.h, a.w);
  return resize(a, Math.max(1, roundHalfEven(a.w*s)), Math.max(1, roundHalfEven(a.h*s)));
}

// centre_of_mass and centre_by_mass: paste the digit so that its centre of mass lands on (centre, centre)
function centreOfMass(a) {
  const rows = new Float64Array(a.h), cols = new Float64Array(a.w);
  for (let y = 0; y < a.h; y++) for (let x = 0; x < a.w; x++) { const v = a.data[y*a.w + x]; rows[y] += v; cols[x] += v; }
  let m = 0, cy = 0, cx = 0;
  rows.forEach((v, y) => { m += v; cy += v*y; }); cols.forEach((v, x) => { cx += v*x; });
  return [cy/m, cx/m];
}
function centreByMass(a, size = 28, centre = 14) {
  const [cy, cx] = centreOfMass(a), out = new Float32Array(size*size);
  const top = Math.min(Math.max(roundHalfEven(centre - cy), 0), size - a.h);
  const left = Math.min(Math.max(roundHalfEven(centre - cx), 0), size - a.w);
  for (let y = 0; y < a.h; y++) for (let x = 0; x < a.w; x++) out[(top + y)*size + left + x] = a.data[y*a.w + x];
  return {h: size, w: size, data: out};
}
// to_mnist: grey levels (from asGrey) to the models' input, 28×28 float32 in 0..1
function toMnist(g, thresh = 0.2) {
  const a = whiteOnBlack(g);
  return centreByMass(fitBox(inkOnly(a, inkBox(a, thresh), thresh)));
}
