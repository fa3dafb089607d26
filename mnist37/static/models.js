// The chapter's four small models in JavaScript, for the page without a server (lesson 17): their weights from
// models.json (written by mnist37.web.pack), predict_probs, and the answer that render.js draws, the same JSON
// that `mnist37 serve` sends from POST /predict (mnist37.serve.answer).

// unpack: pack's JSON back to float32 numbers, little-endian integers times one scale
function unpack(t) {
  const b = atob(t.data), dv = new DataView(Uint8Array.from(b, c => c.charCodeAt(0)).buffer), size = t.bits/8;
  const get = {1: i => dv.getInt8(i), 2: i => dv.getInt16(i, true), 4: i => dv.getInt32(i, true)}[size];
  const out = new Float32Array(b.length/size);
  for (let i = 0; i < out.length; i++) out[i] = get(i*size)*t.scale;
  return out;
}
function loadModels(spec) {
  return spec.models.map(m => ({...m, classes: spec.classes, means: m.means && unpack(m.means),
    layers: (m.layers || []).map(l => ({w: unpack(l.weight), b: unpack(l.bias), nOut: l.weight.shape[0], nIn: l.weight.shape[1]}))}));
}
function distances(m, x) {   // mnist_distance from x to each class's mean image
  const n = x.length, d = [];
  for (let c = 0; c < m.classes.length; c++) { let s = 0; for (let i = 0; i < n; i++) s += Math.abs(x[i] - m.means[c*n + i]); d.push(s/n); }
  return d;
}
// predict_probs for one 28×28 input x (784 float32 numbers): the probability of each class
function predictProbs(m, x) {
  if (m.means) {
    const close = distances(m, x).map(d => 1/Math.max(d, 1e-6)), t = close.reduce((a, b) => a + b);
    return close.map(c => c/t);
  }
  let v = x;
  m.layers.forEach((l, j) => {
    const o = new Float64Array(l.nOut);
    for (let r = 0; r < l.nOut; r++) {
      let s = l.b[r]; for (let i = 0; i < l.nIn; i++) s += l.w[r*l.nIn + i]*v[i];
      o[r] = j < m.layers.length - 1 ? Math.max(0, s) : s;   // ReLU between layers
    }
    v = o;
  });
  if (v.length === 1) { const p = 1/(1 + Math.exp(-v[0])); return [1 - p, p]; }
  const top = Math.max(...v), e = Array.from(v, s => Math.exp(s - top)), t = e.reduce((a, b) => a + b);
  return e.map(s => s/t);
}

// mnist37.serve.answer, here in the browser: each model's prediction, and what explains it to render.js
function answer(models, x, note) {
  return {input: Array.from(x), note, models: models.map(m => {
    const probs = predictProbs(m, x), k = probs.indexOf(Math.max(...probs));
    const a = {name: m.name, classes: m.classes, label: m.classes[k], confidence: probs[k], probs};
    if (m.means) Object.assign(a, {means: m.classes.map((_, c) => m.means.subarray(784*c, 784*(c + 1))), distances: distances(m, x)});
    else if (m.layers.length === 1 && m.layers[0].nIn === 784) { const r = m.layers[0].nOut === 1 ? 0 : k; a.weights = m.layers[0].w.subarray(784*r, 784*(r + 1)); }
    return a;
  })};
}
