// The playground's page (lesson 18): the controls, the chart, the weights and the digits. The maths is train.js's
// (window.Playground); the pictures of weights and digits are render.js's (divergingUrl, greyUrl), as on the draw page.
// URL parameters set up a case: ?model=coaster&lr=1e-4&run=1 (also bs, seed, loss, stop, speed, change).
(function () {
'use strict';
const P = window.Playground, $ = id => document.getElementById(id), fmt = P.fmt;
const MODELS = {   // the learning rate's slider, as powers of ten, from far too small to far too large
  linear: {range: [-4, 3], unit: 'epoch', lesson: '05'}, net: {range: [-4, 3], unit: 'epoch', lesson: '07'},
  coaster: {range: [-9, -2], unit: 'step', lesson: '04'}};
const STEPS = ['init', 'predict', 'loss', 'gradient', 'step', 'repeat', 'stop'];
let data = null, run = null, lr = 1, gen = 0, running = false, walking = null, lit = 'init', phaseText = '', lastDraw = 0, shownKind = '';

// ---- reading the controls
const model = () => $('model').value;
const opts = () => ({lr, bs: +$('bs').value, loss: model() === 'coaster' ? 'mse' : $('loss').value});
const stopAt = () => Math.max(1, Math.floor(+$('stop').value) || 20);
const speed = () => $('speed').value === 'max' ? Infinity : +$('speed').value;
const seed = () => { const s = Math.floor(+$('seed').value); return Number.isFinite(s) && s >= 0 ? s : data.seed; };
const done = () => run.epoch >= stopAt();
function setLr(v, fromSlider) {
  const [lo, hi] = MODELS[model()].range;
  lr = Math.min(10**hi, Math.max(10**lo, v));
  if (!fromSlider) $('lr').value = Math.log10(lr).toFixed(1);
  const def = data && data.manifest.lr[model()] === lr ? ` (lesson ${MODELS[model()].lesson}'s)` : '';
  $('lr-value').textContent = fmt(lr) + def; $('lr').setAttribute('aria-valuetext', fmt(lr));
}
function setModel(m) {   // the slider's range, the batch sizes and the loss that make sense for the model
  const [lo, hi] = MODELS[m].range, coaster = m === 'coaster';
  Object.assign($('lr'), {min: lo, max: hi}); $('lr-min').textContent = `1e${lo}`; $('lr-max').textContent = `1e${hi}`;
  const n = data.train.n, sizes = coaster ? [20] : [1, 16, 64, 256, 1024, n].filter((b, i, a) => b <= n && a.indexOf(b) === i);
  const keep = +$('bs').value || 256;
  $('bs').innerHTML = sizes.map(b => `<option value="${b}">${coaster ? 'all 20 measurements' : b === n ? `${b} (all)` : b}</option>`).join('');
  $('bs').value = sizes.includes(keep) ? keep : coaster ? 20 : 256;
  $('bs').disabled = $('loss').disabled = coaster;
  if (coaster) $('loss').innerHTML = '<option value="mse">MSE (mean squared error)</option>';
  else if ($('loss').options.length < 2) $('loss').innerHTML = '<option value="mnist">mnist_loss</option><option value="accuracy">accuracy itself (1 − accuracy)</option>';
  $('stop-unit').textContent = MODELS[m].unit + 's';
  $('digits-card').hidden = coaster; $('change-label').hidden = m !== 'net';
}

// ---- the run: start, pause, one step (its phases lit one after the other), reset
function reset() {
  gen++; running = false; walking = null;
  try { run = P.newRun(data, model(), seed(), opts().loss === 'accuracy' ? 'accuracy' : 'mnist'); }
  catch (err) { $('message').textContent = `Reset failed: ${err.message}`; throw err; }
  lit = 'init'; shownKind = ''; phaseText = 'Step 1, initialise: ' + (seed() === data.seed ? `the lesson's starting weights (seed ${data.seed}).` : `weights drawn by JavaScript's generator with seed ${seed()}.`);
  draw(true);
}
function finishWalk() { if (walking) { const w = walking; walking = null; while (!w.next().done); } }
function start() {
  finishWalk();
  if (done()) { phaseText = `Step 7, stop: ${run.epoch} ${MODELS[run.model].unit}s done. Raise “stop after” to train on, or reset.`; lit = 'stop'; draw(true); return; }
  if (running) return;
  running = true; const g = gen; let last = performance.now(), owed = 1;
  const tick = () => {
    if (g !== gen || !running) return;
    const now = performance.now(), rate = speed();
    owed = rate === Infinity ? Infinity : Math.min(owed + (now - last)*rate/1000, rate);
    last = now;
    while (owed >= 1 && !done() && performance.now() - now < 30) { P.step(run, data, opts()); owed--; }
    if (done()) { running = false; lit = 'stop'; phaseText = `Step 7, stop: ${run.epoch} ${MODELS[run.model].unit}s done, as “stop after” asks.`; }
    else { lit = 'repeat'; phaseText = `Step 6, repeat: step ${run.steps}, ${MODELS[run.model].unit} ${run.epoch + 1}` + (run.model === 'coaster' ? '.' : `, image ${run.pos} of ${data.train.n} in this epoch's shuffle.`); }
    draw(!running);
    if (running) setTimeout(tick, rate === Infinity ? 0 : 15);
  };
  tick();
}
function pause() { finishWalk(); if (running) { running = false; gen++; phaseText = `Paused after step ${run.steps}.`; draw(true); } }
const SAY = {
  predict: i => `Step 2, predict: ${i.n} ${run.model === 'coaster' ? 'speeds from the quadratic' : 'scores, one for each image of the batch'}.`,
  loss: i => `Step 3, loss: ${fmt(i.loss)} on this ${run.model === 'coaster' ? 'data' : 'batch'}.`,
  gradient: i => `Step 4, gradient: the largest of the gradients is ${fmt(i.gradMax)}` + (i.gradMax === 0 ? ': nothing to follow.' : '.'),
  step: i => `Step 5, step: every weight moved against its gradient, by up to ${fmt(lr*i.gradMax)} (the learning rate times the gradient).`};
function one() {
  if (running) pause();
  if (walking) { finishWalk(); draw(true); return; }
  if (done()) { start(); return; }
  const g = gen, w = P.phases(run, data, opts()); walking = w;
  const next = () => {
    if (g !== gen || walking !== w) return;
    const r = w.next(); lit = r.value.phase; phaseText = SAY[lit](r.value); draw(true);
    if (r.done) walking = null; else setTimeout(next, 350);
  };
  next();
}

// ---- drawing
function draw(all) {
  const now = performance.now();
  document.querySelectorAll('#loop li').forEach(li => { const on = li.dataset.step === lit; li.classList.toggle('now', on); on ? li.setAttribute('aria-current', 'step') : li.removeAttribute('aria-current'); });
  $('phase').textContent = phaseText;
  const d = P.diagnose(run), m = $('message');
  if (d.kind !== shownKind || String(run.history.length) !== m.dataset.epochs) {   // the live region speaks only when it changes
    m.textContent = d.text; m.className = 'message ' + ({learning: 'ok', crawling: 'warn', frozen: 'warn', flat: 'warn', start: ''}[d.kind] ?? 'bad');
    m.dataset.kind = shownKind = d.kind; m.dataset.epochs = run.history.length;
  }
  chart(); table();
  if (all || now - lastDraw > 250) { lastDraw = now; weights(); digits(); }   // pictures four times a second while running
}
const finite = Number.isFinite;
function chart() {
  const c = $('chart'), g = c.getContext('2d'), W = c.width, Hh = c.height, L = 52, R = 14, T = 34, B = 30, band = 20;
  const h = run.history, coaster = run.model === 'coaster', xmax = Math.max(stopAt(), h.length - 1, 1);
  g.clearRect(0, 0, W, Hh); g.fillStyle = '#fff'; g.fillRect(0, 0, W, Hh);
  const series = coaster ? [['train_loss', 'loss (MSE)', '#2563eb']] :
    [['train_loss', 'training loss', '#2563eb'], ['valid_loss', 'validation loss', '#ea580c'], ['valid_acc', 'validation accuracy', '#16a34a']];
  const vals = h.flatMap(e => series.map(([k]) => e[k])).filter(v => finite(v) && v > 0);
  // the roller coaster's loss on a log scale once it spans more than a factor of 1000 (or overflows), else from 0
  const log = coaster && (h.some(e => !finite(e.train_loss)) || Math.max(...vals) > 1e3*Math.min(...vals));
  let lo = 0, hi = 1;
  if (log) { lo = Math.floor(Math.log10(Math.min(...vals))); hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...vals)))); }
  else if (coaster) { const top = Math.max(...vals), p = 10**Math.floor(Math.log10(top)); hi = Math.ceil(top/p)*p; }
  const y = v => log ? Math.log10(Math.max(v, 10**lo)) : v;
  const X = e => L + (W - L - R)*e/xmax, Y = v => T + band + (Hh - T - B - band)*(1 - (y(v) - lo)/(hi - lo));
  g.font = '12px system-ui, sans-serif'; g.strokeStyle = '#e5e7eb'; g.fillStyle = '#555'; g.lineWidth = 1; g.textAlign = 'right';
  const ticks = log ? Array.from({length: hi - lo + 1}, (_, i) => lo + i).filter((t, i, a) => a.length < 9 || i % Math.ceil(a.length/8) === 0) : [0, .25, .5, .75, 1].map(t => t*hi);
  for (const t of ticks) { const yy = T + band + (Hh - T - B - band)*(1 - (t - lo)/(hi - lo)); g.beginPath(); g.moveTo(L, yy); g.lineTo(W - R, yy); g.stroke(); g.fillText(log ? `1e${t}` : coaster ? fmt(t) : t.toFixed(2), L - 6, yy + 4); }
  g.fillStyle = '#fde2e2'; g.fillRect(L, T, W - L - R, band - 2); g.fillStyle = '#b91c1c'; g.fillText('∞ / NaN', L - 6, T + 13);   // where non-finite values go
  g.textAlign = 'center'; g.fillStyle = '#555';
  const step = Math.ceil(xmax/10); for (let e = 0; e <= xmax; e += step) g.fillText(String(e), X(e), Hh - B + 16);
  g.fillText(coaster ? 'step' + (log ? '   (the loss on a log scale)' : '') : 'epoch', (L + W - R)/2, Hh - 4);
  let lx = L;
  series.forEach(([k, name, col]) => {
    g.strokeStyle = g.fillStyle = col; g.lineWidth = 2; g.beginPath(); let pen = false;
    h.forEach(e => { const v = e[k]; if (!finite(v)) { pen = false; return; } const px = X(e.epoch), py = Y(v); pen ? g.lineTo(px, py) : g.moveTo(px, py); pen = true; });
    g.stroke();
    h.forEach(e => { const v = e[k], px = X(e.epoch); if (finite(v)) { g.beginPath(); g.arc(px, Y(v), h.length > 60 ? 1.5 : 3, 0, 7); g.fill(); } else nonFinite(g, px, T + band/2 - 1, v); });
    g.textAlign = 'left'; g.fillRect(lx, 8, 14, 4); g.fillStyle = '#333'; g.fillText(name, lx + 18, 14); lx += g.measureText(name).width + 34;
  });
  if (!coaster && run.batchLosses.length) {   // the current epoch so far: the mean of its batch losses
    const v = run.batchLosses.reduce((a, b) => a + b, 0)/run.batchLosses.length, px = X(run.epoch + run.pos/data.train.n);
    g.strokeStyle = '#2563eb'; g.lineWidth = 1.5; g.beginPath(); if (finite(v)) { g.arc(px, Y(v), 4, 0, 7); g.stroke(); } else nonFinite(g, px, T + band/2 - 1, v);
  }
  const last = h[h.length - 1];
  c.setAttribute('aria-label', `chart after ${last.epoch} ${coaster ? 'steps' : 'epochs'}: ` + series.map(([k, name]) => `${name} ${fmt(last[k])}`).join(', '));
}
function nonFinite(g, x, y, v) {   // Infinity and NaN drawn as themselves, in the band at the top
  g.save(); g.fillStyle = '#b91c1c'; g.font = 'bold 11px system-ui, sans-serif'; g.textAlign = 'center';
  g.fillText(Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞', x, y + 4); g.restore();
}
function rows(h) {   // the start, the first Infinity and the first NaN if any, and the last three
  const first = test => h.findIndex(e => [e.train_loss, e.valid_loss, e.valid_acc].some(test));
  const keep = new Set([0, first(v => v === Infinity || v === -Infinity), first(Number.isNaN), h.length - 3, h.length - 2, h.length - 1]);
  return h.filter((_, i) => keep.has(i));
}
function table() {
  const coaster = run.model === 'coaster', cols = coaster ? [['train_loss', 'loss']] : [['train_loss', 'training loss'], ['valid_loss', 'validation loss'], ['valid_acc', 'accuracy']];
  const cell = v => `<td${finite(v) ? '' : ' class="nonfinite"'}>${fmt(v)}</td>`;
  $('history').innerHTML = `<tr><th>${coaster ? 'step' : 'epoch'}</th>${cols.map(c => `<th>${c[1]}</th>`).join('')}</tr>` +
    rows(run.history).map(e => `<tr><td>${e.epoch}</td>${cols.map(([k]) => cell(e[k])).join('')}</tr>`).join('');
}
function weights() {
  const el = $('weights'), p = run.params, change = $('change').checked;
  if (run.model === 'coaster') { coasterPlot(el); return; }
  const bad = p.some(q => q.some(v => !finite(v))) ? '<p class="error">Some weights are NaN or Infinity: the picture cannot show them.</p>' : '';
  if (run.model === 'linear') {
    const w = p[0], diff = Float32Array.from(w, (v, i) => v - run.start[0][i]);
    el.innerHTML = `<figure><img src="${divergingUrl(w)}" alt="the 784 weights" width="140" height="140"><figcaption>the weights</figcaption></figure>` +
      `<figure><img src="${divergingUrl(diff)}" alt="the change of the weights since the start" width="140" height="140"><figcaption>their change since the start</figcaption></figure>` +
      `<p class="hint">bias ${fmt(p[1][0])}; no weight has moved by more than ${fmt(P.moved(run))}.</p>` + bad;
    $('weights-hint').textContent = 'Red: ink there pushes the score towards “3”; blue: towards “7”. Each picture is scaled to its own largest values. The start is random, so the change since the start shows what training added.';
    return;
  }
  const votes = p[2], rows = Array.from({length: 30}, (_, h) => {
    let t = P.template(run, h); if (change) { const s = P.template(run, h, run.start); t = t.map((v, j) => v - s[j]); }
    return `<figure><span class="vote ${votes[h] >= 0 ? 'pos' : 'neg'}">${votes[h] >= 0 ? '+' : ''}${finite(votes[h]) ? votes[h].toFixed(2) : fmt(votes[h])}</span><img src="${divergingUrl(t)}" alt="unit ${h + 1}'s template" width="56" height="56"></figure>`;
  });
  el.innerHTML = `<div class="templates">${rows.join('')}</div>` + bad;
  $('weights-hint').textContent = 'The 30 units’ weights, each a 28×28 template (red: ink there raises the unit’s sum; blue: lowers it), with the unit’s vote in the second layer above it: positive pushes towards “3”.';
}
function coasterPlot(el) {   // lesson 04's show_preds: the measured speeds in blue, the quadratic's in red
  if (!$('coaster-plot')) el.innerHTML = '<canvas id="coaster-plot" width="420" height="250" role="img"></canvas><p class="hint" id="abc"></p>';
  const c = $('coaster-plot'), g = c.getContext('2d'), {time, speed: sp} = data.coaster, [a, b, cc] = run.params[0];
  const pred = Array.from(time, t => Math.fround(Math.fround(Math.fround(a*Math.fround(t*t)) + Math.fround(b*t)) + cc));
  const lo = -300, hi = 100, X = t => 40 + 370*t/19, Y = v => 10 + 210*(hi - Math.min(hi, Math.max(lo, v)))/(hi - lo);
  g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height); g.font = '12px system-ui, sans-serif'; g.textAlign = 'right';
  for (const v of [-300, -200, -100, 0, 100]) { g.strokeStyle = v ? '#e5e7eb' : '#9ca3af'; g.beginPath(); g.moveTo(40, Y(v)); g.lineTo(412, Y(v)); g.stroke(); g.fillStyle = '#555'; g.fillText(v, 34, Y(v) + 4); }
  g.textAlign = 'center'; g.fillText('time (s)', 226, 246);
  const dots = (vs, col) => { g.fillStyle = col; vs.forEach((v, i) => { if (finite(v)) { g.beginPath(); g.arc(X(time[i]), Y(v), 4, 0, 7); g.fill(); } }); };
  dots(sp, '#2563eb'); dots(pred, '#dc2626');
  const off = pred.filter(v => finite(v) && (v < lo || v > hi)).length, nf = pred.filter(v => !finite(v)).length;
  const none = nf ? `The predictions are ${fmt(pred.find(v => !finite(v)))}: nothing to draw.` : '';
  if (nf) { g.fillStyle = '#b91c1c'; g.font = 'bold 16px system-ui, sans-serif'; g.fillText(none, 226, 120); }
  c.setAttribute('aria-label', `speeds (blue) and the quadratic's predictions (red); ${nf} predictions are not finite, ${off} off the chart`);
  $('abc').textContent = `a = ${fmt(a)}, b = ${fmt(b)}, c = ${fmt(cc)}` + (off ? `; ${off} of the red dots are off the chart, drawn at its edge` : '') + '. ' + none;
  $('weights-hint').textContent = 'The measured speeds (blue) and the quadratic a·t² + b·t + c with the current parameters (red), as lesson 04 draws them.';
}
function digits() {
  if (run.model === 'coaster') return;
  const v = data.valid, rows = Int32Array.from(data.manifest.shown), {z} = P.forward(run.model, run.params, v, rows);
  $('digits').innerHTML = Array.from(rows, (i, r) => {
    const p = P.sigmoid(z[r]), three = v.y[i] === 1, says = Math.fround(p) > 0.5 ? '3' : '7', ok = (says === '3') === three;
    const img = greyUrl(Array.from(v.x.subarray(784*i, 784*(i + 1)), u => u/255));
    return `<div class="digit"><img src="${img}" alt="a ${three ? 3 : 7} of the validation set"><div>P(3) = ${finite(p) ? p.toFixed(3) : fmt(p)}</div>` +
      `<div class="${ok ? 'right' : 'wrong'}">says ${says} ${ok ? '✓' : `✗ (a ${three ? 3 : 7})`}</div></div>`;
  }).join('');
}

// ---- the controls, and the URL that sets up a case
function url() {
  const q = new URLSearchParams({model: model(), lr: fmt(lr), bs: $('bs').value, seed: seed(), loss: opts().loss, stop: stopAt(), speed: $('speed').value});
  if ($('change').checked) q.set('change', '1');
  try { history.replaceState(null, '', '?' + q); } catch (err) { /* a page opened in a sandbox may not change its address */ }
}
function wire() {
  $('model').onchange = () => { setModel(model()); setLr(data.manifest.lr[model()]); reset(); url(); };
  $('lr').oninput = () => { setLr(10**+$('lr').value, true); url(); };
  $('seed').onchange = () => { $('seed-note').textContent = seedNote(); reset(); url(); };
  $('loss').onchange = () => { run.loss = opts().loss === 'accuracy' ? 'accuracy' : 'mnist'; url(); };
  for (const id of ['bs', 'stop', 'speed']) $(id).onchange = () => { url(); draw(true); };
  $('change').onchange = () => { weights(); url(); };
  $('start').onclick = start; $('pause').onclick = pause; $('one').onclick = one; $('reset').onclick = () => { reset(); url(); };
}
const seedNote = () => seed() === data.seed ? `${data.seed}: the lessons' start and batch order, the same numbers as Python` : "Other seeds: JavaScript's own random numbers, not Python's";
function fromUrl() {
  const q = new URLSearchParams(location.search), m = q.get('model');
  if (m && MODELS[m]) $('model').value = m;
  setModel(model());
  const v = parseFloat(q.get('lr')); setLr(Number.isFinite(v) && v > 0 ? v : data.manifest.lr[model()]);
  const pick = (id, val) => { if (val !== null && [...$(id).options].some(o => o.value === val)) $(id).value = val; };
  pick('bs', q.get('bs')); pick('loss', q.get('loss')); pick('speed', q.get('speed') ?? (model() === 'coaster' ? '5' : '30'));
  if (/^\d+$/.test(q.get('seed') || '')) $('seed').value = q.get('seed');
  if (/^\d+$/.test(q.get('stop') || '')) $('stop').value = q.get('stop');
  else $('stop').value = model() === 'coaster' ? 40 : 20;
  $('change').checked = q.get('change') === '1';
  $('seed-note').textContent = seedNote();
  return q.get('run') === '1';
}

const getBytes = (name, kind) => fetch(name).then(r => { if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`); return r[kind](); });
const ready = getBytes('playground.json', 'json').then(m => getBytes('playground.bin', 'arrayBuffer').then(b => P.decode(m, b))).then(d => {
  data = d;
  const s = d.manifest.data;
  $('data-note').textContent = `${s.n_train} training and ${s.n_valid} validation images (${s.source} data), a 3 labelled 1 and a 7 labelled 0, as in the book.`;
  const go = fromUrl(); wire(); reset(); url();
  if (go) start();
}, err => {
  const msg = `The data could not be loaded (${err.message}). The page needs playground.json and playground.bin beside it, served by a web server ` +
    '(for example python -m http.server): a page opened as a file cannot read them.';
  $('data-note').textContent = msg; $('message').textContent = msg; $('message').className = 'message bad';
  document.querySelectorAll('button, select, input').forEach(e => { e.disabled = true; });
  throw new Error(msg);
});
ready.catch(() => {});   // the page already says why

// For the test: the state of the page, and its controls' effect
window.playground = {ready, get run() { return run; }, get data() { return data; }, get lr() { return lr; }, get running() { return running; },
                     diagnose: () => P.diagnose(run), lit: () => lit};
})();
