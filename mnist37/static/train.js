// The playground's maths (lesson 18): lesson 05's linear model, lesson 07's small net and lesson 04's roller coaster,
// trained by gradient descent here in the browser, step by step as mnist37.playground.reference_train and 04's
// apply_step train them in Python. No page code: playground.js draws; the test calls Playground.train directly.
// The weights are Float32Arrays, like PyTorch's: every step rounds them to float32; sums run in double precision.
// The roller coaster computes everything in float32 (Math.fround), so that it overflows to Infinity where PyTorch does.
(function (root) {
'use strict';
const f32 = Math.fround;

// ---- The data: playground.json says where each block of playground.bin is (mnist37.playground.playground_data)
const TYPES = {uint8: [Uint8Array, 1, 'getUint8'], uint16: [Uint16Array, 2, 'getUint16'], float32: [Float32Array, 4, 'getFloat32']};
function block(manifest, buffer, name) {
  const b = manifest.blocks[name];
  if (!b || !TYPES[b.dtype]) throw new Error(`playground.bin: no block ${name} of a type this page reads`);
  const [Kind, size, get] = TYPES[b.dtype], n = b.shape.reduce((a, c) => a*c, 1);
  if (b.offset + n*size > buffer.byteLength) throw new Error(`playground.bin is cut short: block ${name} ends past its end`);
  if (size === 1) return new Uint8Array(buffer.slice(b.offset, b.offset + n));
  const dv = new DataView(buffer, b.offset, n*size), out = new Kind(n);
  for (let i = 0; i < n; i++) out[i] = dv[get](i*size, true);   // little-endian, as Python wrote them
  return out;
}
function images(x, y) {   // each image as its inked pixels: their indices and values x/255 (float32, as PyTorch's)
  const n = y.length, start = new Int32Array(n + 1);
  let nnz = 0; for (let i = 0; i < x.length; i++) if (x[i]) nnz++;
  const idx = new Uint16Array(nnz), val = new Float32Array(nnz);
  let k = 0;
  for (let i = 0; i < n; i++) {
    start[i] = k;
    for (let j = 0; j < 784; j++) { const v = x[784*i + j]; if (v) { idx[k] = j; val[k] = v/255; k++; } }
  }
  start[n] = k;
  return {n, x, y, start, idx, val};
}
function decode(manifest, buffer) {
  if (manifest.format !== 'mnist37-playground' || manifest.version !== 1) throw new Error('playground.json is not a version 1 playground manifest');
  if (buffer.byteLength !== manifest.bytes) throw new Error(`playground.bin has ${buffer.byteLength} bytes, playground.json says ${manifest.bytes}`);
  const get = name => block(manifest, buffer, name), n = manifest.data.n_train, orders = get('orders');
  const params = prefix => Object.keys(manifest.blocks).filter(k => k.startsWith(prefix + '.') && /\.\d+$/.test(k)).sort((a, b) => +a.split('.')[1] - +b.split('.')[1]).map(get);
  return {manifest, seed: manifest.seed, train: images(get('train_x'), get('train_y')), valid: images(get('valid_x'), get('valid_y')),
          orders: Array.from({length: manifest.epochs}, (_, e) => orders.subarray(e*n, (e + 1)*n)),
          start: {linear: params('linear'), net: params('net'), coaster: [get('coaster.start')]},
          coaster: {time: get('coaster.time'), speed: get('coaster.speed')}};
}

// ---- Other seeds: JavaScript's own generator (mulberry32), not PyTorch's, so not comparable with Python
function rng(seed) {
  let s = (seed >>> 0) ^ 0x9e3779b9;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0)/4294967296; };
}
function normal(r) { let u = 0; while (u === 0) u = r(); return Math.sqrt(-2*Math.log(u))*Math.cos(2*Math.PI*r()); }
function shuffled(n, r) { const o = new Int32Array(n); for (let i = 0; i < n; i++) o[i] = i; for (let i = n - 1; i > 0; i--) { const j = Math.floor(r()*(i + 1)); [o[i], o[j]] = [o[j], o[i]]; } return o; }

// The net's first weight is kept pixel by pixel (784×30, its 30 weights for one pixel side by side), the transpose of
// PyTorch's 30×784, which makes the sums over the inked pixels faster; `weights` gives PyTorch's layout back.
const H = 30, SIZES = {linear: [784, 1], net: [784*H, H, H, 1], coaster: [3]};
function transpose(w, rows, cols) { const t = new Float32Array(w.length); for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c*rows + r] = w[r*cols + c]; return t; }
function weights(run) {   // the parameters in PyTorch's layout, as plain arrays
  return run.params.map((p, i) => Array.from(run.model === 'net' && i === 0 ? transpose(p, 784, H) : p));
}
function template(run, h, from = run.params) { const w = from[0], out = new Float32Array(784); for (let j = 0; j < 784; j++) out[j] = w[j*H + h]; return out; }
function startParams(data, model, seed) {   // the lesson's start for the shipped seed; otherwise drawn here, the same way
  if (seed === data.seed) return data.start[model].map((p, i) => model === 'net' && i === 0 ? transpose(p, H, 784) : Float32Array.from(p));
  const r = rng(seed*7919 + {linear: 1, net: 2, coaster: 3}[model]);
  if (model === 'net') return SIZES.net.map((n, i) => { const bound = 1/Math.sqrt(i < 2 ? 784 : 30); return Float32Array.from({length: n}, () => (2*r() - 1)*bound); });
  return SIZES[model].map(n => Float32Array.from({length: n}, () => normal(r)));   // init_params: a standard normal
}
function order(data, seed, epoch) {   // the shuffle of an epoch: Python's for the shipped seed and epochs, else JavaScript's
  if (seed === data.seed && epoch < data.orders.length) return data.orders[epoch];
  return shuffled(data.train.n, rng(seed*100003 + epoch + 1));
}

// ---- The models: a logit per image (the inked pixels only: a blank pixel adds nothing to any sum)
function forward(model, p, set, rows) {   // logits of the images `rows` of `set`, and for the net its pre-activations
  const B = rows.length, z = new Float64Array(B), pre = model === 'net' ? new Float64Array(B*H) : null, {start, idx, val} = set;
  for (let r = 0; r < B; r++) {
    const i = rows[r], a = start[i], e = start[i + 1];
    if (model === 'linear') { let s = p[1][0]; for (let k = a; k < e; k++) s += p[0][idx[k]]*val[k]; z[r] = s; continue; }
    const [w1, b1, w2, b2] = p, o = H*r; let out = b2[0];
    for (let h = 0; h < H; h++) pre[o + h] = b1[h];
    for (let k = a; k < e; k++) { const v = val[k], row = H*idx[k]; for (let h = 0; h < H; h++) pre[o + h] += w1[row + h]*v; }
    for (let h = 0; h < H; h++) { const s = pre[o + h]; if (s > 0) out += s*w2[h]; }   // the ReLU, then the second layer
    z[r] = out;
  }
  return {z, pre};
}
const sigmoid = z => 1/(1 + Math.exp(-z));
const says3 = z => f32(sigmoid(z)) > 0.5;   // batch_accuracy: a probability above 0.5 (in float32) means "a 3"
function lossOf(kind, z, y, rows) {   // the batch's loss, and its derivative by each logit
  const B = rows.length, dz = new Float64Array(B);
  let sum = 0;
  for (let r = 0; r < B; r++) {
    const p = sigmoid(z[r]), three = y[rows[r]] === 1;
    if (kind === 'accuracy') { sum += says3(z[r]) === three ? 0 : 1; continue; }   // 1 - accuracy: flat, so dz stays 0
    sum += three ? 1 - p : p; dz[r] = (three ? -1 : 1)*p*(1 - p)/B;                 // mnist_loss, and its slope
  }
  return {loss: sum/B, dz};
}
function backward(model, p, set, rows, fw, dz) {   // the gradient of every parameter, as loss.backward() fills .grad
  const g = p.map(q => new Float64Array(q.length)), {start, idx, val} = set;
  for (let r = 0; r < rows.length; r++) {
    const d = dz[r]; if (d === 0) continue;
    const i = rows[r], a = start[i], e = start[i + 1];
    if (model === 'linear') { for (let k = a; k < e; k++) g[0][idx[k]] += d*val[k]; g[1][0] += d; continue; }
    g[3][0] += d;
    const dh = new Float64Array(H), o = H*r;
    for (let h = 0; h < H; h++) { const s = fw.pre[o + h]; if (s > 0) { g[2][h] += d*s; dh[h] = d*p[2][h]; g[1][h] += dh[h]; } }   // none through a ReLU that gave 0
    for (let k = a; k < e; k++) { const v = val[k], row = H*idx[k]; for (let h = 0; h < H; h++) g[0][row + h] += dh[h]*v; }
  }
  return g;
}
function evaluate(run, data, set = data.valid) {   // the loss and accuracy on every image of `set` at once
  const rows = Int32Array.from({length: set.n}, (_, i) => i), {z} = forward(run.model, run.params, set, rows);
  let right = 0, saturated = 0; for (let r = 0; r < set.n; r++) { right += says3(z[r]) === (set.y[r] === 1); saturated += !(Math.abs(z[r]) < 10); }
  return {loss: lossOf(run.loss, z, set.y, rows).loss, acc: right/set.n, saturated: saturated/set.n, z};
}

// ---- The roller coaster (lesson 04): a·t² + b·t + c fitted to 20 speeds with the MSE, all in float32 as in PyTorch
function coasterPredict(p, time) { const [a, b, c] = p; return Float32Array.from(time, t => f32(f32(f32(a*f32(t*t)) + f32(b*t)) + c)); }
function coasterLoss(pred, speed) {   // mse, and its derivative by each prediction
  const n = pred.length, err = Float32Array.from(pred, (v, i) => f32(v - speed[i]));
  let s = 0; for (const e of err) s = f32(s + f32(e*e));
  return {loss: f32(s/n), dpred: Float32Array.from(err, e => f32(f32(1/n)*f32(2*e)))};
}
function coasterGrad(dpred, time) {
  let ga = 0, gb = 0, gc = 0;
  for (let i = 0; i < time.length; i++) { const t = time[i]; ga = f32(ga + f32(dpred[i]*f32(t*t))); gb = f32(gb + f32(dpred[i]*t)); gc = f32(gc + dpred[i]); }
  return [Float32Array.of(ga, gb, gc)];
}

// ---- A run: the seven steps, one generator per training step, so that the page can show each phase as it happens
function newRun(data, model = 'linear', seed = data.seed, loss = 'mnist') {
  const params = startParams(data, model, seed);
  const run = {model, seed, loss, params, start: params.map(p => Float32Array.from(p)), epoch: 0, pos: 0, steps: 0,
               order: model === 'coaster' ? null : order(data, seed, 0), history: [], batchLosses: [], last: null};
  if (model === 'coaster') run.history.push({epoch: 0, train_loss: coasterLoss(coasterPredict(params[0], data.coaster.time), data.coaster.speed).loss});
  else { const v = evaluate(run, data); run.history.push({epoch: 0, train_loss: evaluate(run, data, data.train).loss, valid_loss: v.loss, valid_acc: v.acc, saturated: v.saturated}); }
  return run;
}
const largest = g => g.reduce((m, q) => q.reduce((a, v) => (a !== a || v !== v) ? NaN : Math.max(a, Math.abs(v)), m), 0);   // NaN wins
function* phases(run, data, opts) {
  const lr = opts.lr, step = (g, info) => {   // 5: every parameter against its gradient; the Float32Array rounds to float32
    run.params.forEach((q, j) => { for (let i = 0; i < q.length; i++) q[i] = run.model === 'coaster' ? f32(q[i] - f32(f32(lr)*g[j][i])) : q[i] - lr*g[j][i]; });
    run.steps++; run.last = info; return info;
  };
  if (run.model === 'coaster') {
    const {time, speed} = data.coaster, pred = coasterPredict(run.params[0], time);
    yield {phase: 'predict', n: time.length, pred};
    const {loss, dpred} = coasterLoss(pred, speed);
    yield {phase: 'loss', loss};
    const g = coasterGrad(dpred, time);
    yield {phase: 'gradient', loss, gradMax: largest(g)};
    const info = step(g, {phase: 'step', loss, gradMax: largest(g)});
    run.epoch++; run.history.push({epoch: run.epoch, train_loss: coasterLoss(coasterPredict(run.params[0], time), speed).loss});
    return info;
  }
  run.loss = opts.loss || run.loss;
  const n = data.train.n, rows = run.order.subarray(run.pos, Math.min(n, run.pos + Math.max(1, opts.bs | 0)));
  const fw = forward(run.model, run.params, data.train, rows);
  yield {phase: 'predict', n: rows.length, z: fw.z};
  const {loss, dz} = lossOf(run.loss, fw.z, data.train.y, rows);
  yield {phase: 'loss', loss, n: rows.length};
  const g = backward(run.model, run.params, data.train, rows, fw, dz);
  yield {phase: 'gradient', loss, gradMax: largest(g)};
  const info = step(g, {phase: 'step', loss, gradMax: largest(g), n: rows.length});
  run.batchLosses.push(loss); run.pos += rows.length;
  if (run.pos >= n) {   // the end of an epoch: the mean of its batch losses, then the validation set
    const v = evaluate(run, data), tl = run.batchLosses.reduce((a, b) => a + b, 0)/run.batchLosses.length;
    run.epoch++; run.history.push({epoch: run.epoch, train_loss: tl, valid_loss: v.loss, valid_acc: v.acc, saturated: v.saturated});
    run.pos = 0; run.batchLosses = []; run.order = order(data, run.seed, run.epoch);
  }
  return info;
}
function step(run, data, opts) { const g = phases(run, data, opts); let r; while (!(r = g.next()).done); return r.value; }

// Train from the start: `epochs` epochs (or `steps` steps for the roller coaster); what the test compares with Python
function train(data, {model = 'linear', lr, bs = 256, epochs = 1, steps = 20, seed = data.seed, loss = 'mnist'} = {}) {
  const run = newRun(data, model, seed, loss);
  lr = lr ?? data.manifest.lr[model];
  if (model === 'coaster') for (let i = 0; i < steps; i++) step(run, data, {lr});
  else while (run.epoch < epochs) step(run, data, {lr, bs, loss});
  return {params: weights(run), history: run.history, steps: run.steps};
}

// What the history says about the learning rate, in words: the page shows it, the test reads `kind`
const pct = v => `${(100*v).toFixed(v < 0.01 ? 2 : 0)}%`;
function moved(run) { let m = 0; run.params.forEach((p, j) => { for (let i = 0; i < p.length; i++) { const d = Math.abs(p[i] - run.start[j][i]); m = d !== d ? NaN : Math.max(m, d); } }); return m; }
function diagnose(run) {
  const h = run.history, key = run.model === 'coaster' ? 'train_loss' : 'valid_loss', ls = h.map(e => e[key]), last = ls[ls.length - 1], first = ls[0];
  const unit = run.model === 'coaster' ? 'step' : 'epoch', n = h.length - 1, d = moved(run);
  if (h.some(e => [e.train_loss, e.valid_loss, e.valid_acc].some(v => v !== undefined && !Number.isFinite(v))) || d !== d || d === Infinity) {
    const nan = h.some(e => Number.isNaN(e.train_loss) || Number.isNaN(e.valid_loss));
    return {kind: 'diverged', text: `Diverged: the loss overflowed to Infinity${nan ? ', then became NaN (not a number: Infinity minus Infinity has no value)' : ''}. ` +
      'Each step overshot the bottom and landed higher up the other side, so the next gradient was steeper and the next step longer. The learning rate is far too large: reset and lower it.'};
  }
  if (n === 0) return {kind: 'start', text: 'Step 1 done: the weights are initialised. Press Start, or One step.'};
  if (run.loss === 'accuracy' && run.model !== 'coaster' && d === 0)
    return {kind: 'frozen', text: `Accuracy as the loss: after ${run.steps} steps the weights have not moved at all. A tiny change of a weight almost never changes any prediction, so accuracy is flat and its gradient is zero: there is nothing to follow.`};
  const rises = ls.slice(-7).reduce((c, v, i, a) => c + (i > 0 && v > a[i - 1]*1.005), 0);
  if (run.model === 'coaster' && n >= 3 && ls.slice(-4).every((v, i, a) => i === 0 || v > a[i - 1]))
    return {kind: 'growing', text: `Too large: the loss has grown at each of the last steps, to ${fmt(last)}. Each step overshoots the bottom and lands higher up the other side; at this rate the loss heads for Infinity.`};
  const sat = h[h.length - 1].saturated;
  if (run.model !== 'coaster' && n >= 2 && Math.abs(last - ls[ls.length - 3]) < 1e-4 && sat > 0.9)
    return {kind: 'stalled', text: `Too large: the loss has stalled at ${fmt(last)}. The steps threw the weights so far that ${pct(sat)} of the validation scores are beyond ±10, where the sigmoid is flat: those images give almost no gradient, so nothing moves.`};
  if (run.model !== 'coaster' && rises >= 2)
    return {kind: 'jumping', text: `Jumping around: the validation loss went up in ${rises} of the last ${Math.min(6, n)} epochs. Each step is so large that it undoes part of the last one${sat > 0.5 ? `, and ${pct(sat)} of the scores are beyond ±10, where the sigmoid is flat` : ''}. A smaller learning rate would settle.`};
  const still = last/first, enough = run.model === 'coaster' ? n >= 10 && still > 0.5 : n >= 3 && still > 0.9;
  if (enough && last < first)
    return {kind: 'crawling', text: `Crawling: after ${n} ${unit}s the loss is still ${pct(still)} of where it started, and no weight has moved by more than ${fmt(d)}. Every step goes downhill, but the steps are too short: raise the learning rate.`};
  if (last < first) return {kind: 'learning', text: `Learning: the loss fell from ${fmt(first)} to ${fmt(last)} in ${n} ${unit}${n > 1 ? 's' : ''}.`};
  return {kind: 'flat', text: `The loss has not fallen in ${n} ${unit}${n > 1 ? 's' : ''} (${fmt(first)} to ${fmt(last)}).`};
}
// NaN and Infinity as themselves, never as a blank; other numbers to 4 significant digits
function fmt(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '−Infinity';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e') : String(+v.toPrecision(4));
}

root.Playground = {decode, newRun, phases, step, train, evaluate, forward, sigmoid, diagnose, moved, fmt, weights, template, startParams, order, rng};
})(typeof window !== 'undefined' ? window : globalThis);
