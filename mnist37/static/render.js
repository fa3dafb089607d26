// The one renderer of both pages. It draws an answer, whether it came as JSON from `mnist37 serve`'s POST /predict
// (mnist37.serve.answer) or was computed in the browser by the page without a server (`answer` in models.js):
//   {input: the 28×28 input, 784 numbers row by row, note: how it was made ('' or 'preprocessed from 280×280'),
//    models: [{name, classes, label, confidence, probs,
//              means, distances,   (pixel similarity: each class's mean image, and the input's distance to it)
//              weights}]}          (a linear model: its 784 weights towards `label`; two classes: towards the second)
// or an error, {error: 'one line'}. Every text is escaped: class names come from model files.
const result = document.getElementById('result');
const esc = s => String(s).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;'}[c]));
const bar = (frac, cls = '') => `<span class="bar ${cls}"><span style="width:${(100*Math.max(0, Math.min(1, frac))).toFixed(0)}%"></span></span>`;

function pngUrl(h, w, rgb) {   // a small picture as a data: URL; rgb(i) is pixel i's [r, g, b] in 0..1
  const c = document.createElement('canvas'); c.width = w; c.height = h;
  const g = c.getContext('2d'), im = g.createImageData(w, h);
  for (let i = 0; i < w*h; i++) { im.data.set(rgb(i).map(v => Math.round(255*Math.min(1, Math.max(0, v)))), 4*i); im.data[4*i + 3] = 255; }
  g.putImageData(im, 0, 0); return c.toDataURL();
}
const greyUrl = v => pngUrl(28, 28, i => [v[i], v[i], v[i]]);
function divergingUrl(v) {   // blue (negative), white (zero), red (positive), scaled by the 99th percentile of the magnitudes
  const big = Array.from(v, Math.abs).filter(a => a > 0).sort((a, b) => a - b);
  let top = 0;
  if (big.length) { const p = 0.99*(big.length - 1), lo = Math.floor(p); top = big[lo] + (big[Math.min(lo + 1, big.length - 1)] - big[lo])*(p - lo); }
  return pngUrl(28, 28, i => { const s = Math.max(-1, Math.min(1, v[i]/Math.max(top, 1e-12))), pos = Math.max(s, 0), neg = Math.max(-s, 0); return [1 - neg, 1 - pos - neg, 1 - pos]; });
}

function answerHtml(a) {   // the table of predictions, the input, then what explains the pixel and linear models
  const rows = a.models.map(m => `<tr data-approach="${esc(m.name)}" data-label="${esc(m.label)}"><td>${esc(m.name)}</td>` +
    `<td class="label">${esc(m.label)}</td><td>${bar(m.confidence)} ${(100*m.confidence).toFixed(0)}%</td></tr>`).join('');
  const seen = `<figure><img src="${greyUrl(a.input)}" alt="input" width="112" height="112"><figcaption>what the models see (28×28)` +
    (a.note ? `<br><small>${esc(a.note)}</small>` : '') + '</figcaption></figure>';
  const parts = [`<div class="answer"><table class="preds"><tr><th>approach</th><th>says</th><th>confidence</th></tr>${rows}</table>${seen}</div>`];
  for (const m of a.models.filter(m => m.means)) {
    const d = m.distances, best = d.indexOf(Math.min(...d)), top = Math.max(...d);
    const cells = m.means.map((mean, c) => `<div class="mean${c === best ? ' best' : ''}"><img src="${greyUrl(mean)}" alt="mean ${esc(m.classes[c])}" width="56" height="56">` +
      `<div>${esc(m.classes[c])}: ${d[c].toFixed(3)}</div>${bar(d[c]/top, 'dist')}</div>`).join('');
    parts.push(`<section><h3>${esc(m.name)}: distance to each class's mean image</h3><div class="means">${cells}</div>` +
      '<p class="hint">The mean absolute difference of the pixels; the closest mean wins.</p></section>');
  }
  const lins = a.models.filter(m => m.weights);
  if (lins.length) {
    let groups = ''; const hints = [];
    for (const m of lins) {
      groups += `<div class="group"><div class="means"><figure><img src="${divergingUrl(m.weights)}" alt="weights" width="112" height="112"><figcaption>${esc(m.name)}: weights</figcaption></figure>` +
        `<figure><img src="${divergingUrl(Array.from(m.weights, (v, i) => v*a.input[i]))}" alt="weights × input" width="112" height="112"><figcaption>weights × input</figcaption></figure></div></div>`;
      const h = m.classes.length === 2 ? `red pushes towards ${esc(m.classes[1])}, blue towards ${esc(m.classes[0])}` : `${esc(m.name)}: red pushes towards ${esc(m.label)}, blue away from it`;
      if (!hints.includes(h)) hints.push(h);
    }
    const hint = hints.join('; ');
    parts.push(`<section><h3>linear ${lins.length > 1 ? 'models' : 'model'}: weights laid over the input</h3><div class="means">${groups}</div>` +
      `<p class="hint">${hint[0].toUpperCase() + hint.slice(1)}. The score is the sum of the “weights × input” picture, plus a bias.</p></section>`);
  }
  return parts.join('');
}

// What the #result card shows: a hint, a wait, an answer, or an error in one line
const showHint = () => { result.innerHTML = '<p class="wait">Draw a digit in the box, then press <b>Classify</b>.</p>'; };
const showWait = () => { result.innerHTML = '<p class="wait">Classifying…</p>'; };
const showError = msg => { result.innerHTML = `<p class="error" role="alert">${esc(String(msg).split('\n')[0])}</p>`; };
const showAnswer = a => a.error ? showError(a.error) : (result.innerHTML = answerHtml(a));
const tooLarge = (size, limit) => `That file is too large (${(size/2**20).toFixed(1)} MB); the limit is ${limit/2**20} MB.`;

function showModels(models, note) {   // the models' names under the canvas, and "About the models": [{name, lesson, accuracy, file, about}]
  const pct = a => (100*a).toFixed(1) + '%', md = s => esc(s).replace(/`([^`]*)`/g, '<code>$1</code>');
  const facts = m => [m.lesson && `lesson ${esc(m.lesson)}`, m.accuracy != null && `validation accuracy ${pct(m.accuracy)}`, m.file && esc(m.file)].filter(Boolean);
  document.getElementById('models').textContent = models.map(m => m.name).join(', ') || 'none';
  document.getElementById('about').innerHTML = models.map(m => `<li><b>${esc(m.name)}</b>` + (facts(m).length ? ` (${facts(m).join(', ')})` : '') +
    (m.about ? `: ${md(m.about)}` : '') + '</li>').join('') + (note ? `<li>${esc(note)}</li>` : '');
}
