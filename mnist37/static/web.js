// The page without a server (lesson 17): config.json gives the limits, models.json the models (both written by
// mnist37.web.write_web_page), and the canvas or an uploaded picture goes through asGrey, toMnist and the models
// here, in the browser. render.js draws the answer, as it draws the answers of `mnist37 serve`.
const getJson = name => fetch(name).then(r => { if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`); return r.json(); });
let models = null, limits = null;
const ready = Promise.all([getJson('config.json'), getJson('models.json')]).then(([config, spec]) => {
  limits = config; models = loadModels(spec);
  showModels(spec.models, `Trained on ${spec.data.n_train} images (${spec.data.source} data), classes ${spec.classes.join(', ')}.`);
}, err => { throw new Error(`The models could not be loaded (${err.message}). The page needs models.json and config.json beside it, ` +
  'served by a web server (for example python -m http.server): a page opened as a file may not read them.'); });
ready.catch(err => { showError(err.message); document.getElementById('models').textContent = 'none'; });

function prepare(rgba, w, h) {   // load_any_image: 28×28 is taken as MNIST, anything else goes through toMnist
  const g = asGrey(rgba, w, h);
  if (w === 28 && h === 28) return {x: Float32Array.from(g.data), note: ''};
  return {x: toMnist(g).data, note: `preprocessed from ${w}×${h}`};
}
async function classify(rgba, w, h) {
  try { await ready; const {x, note} = prepare(rgba, w, h); showAnswer(answer(models, x, note)); }
  catch (err) {
    showError(err.message.startsWith('The picture is empty') ? 'The picture is empty: draw a digit first (or choose a picture with a digit on it).' : err.message);
  }
}

// An upload: its size in bytes, then its size in pixels from its header, and only then is it decoded
async function upload(f) {
  try { await ready; } catch (err) { return; }   // the page already says why it cannot answer
  if (f.size > limits.max_upload) return showError(tooLarge(f.size, limits.max_upload));
  const s = imageSize(new Uint8Array(await f.arrayBuffer()));
  if (!s) return showError(`${f.name} is not an image this page can read (PNG, JPEG, GIF, WebP or BMP).`);
  if (s.width === null || s.height === null) return showError(`${f.name} is damaged or truncated: its ${s.format} header gives no size.`);
  if (!s.width || !s.height) return showError(`${f.name} has no pixels.`);
  if (s.width*s.height > limits.max_pixels) return showError(`${f.name} is ${s.width}×${s.height} pixels: more than the ${limits.max_pixels.toLocaleString('en')} we accept.`);
  let img;
  try { img = await createImageBitmap(f, {colorSpaceConversion: 'none', premultiplyAlpha: 'none'}); }
  catch (err) { return showError(`${f.name} could not be read: it is damaged, or not an image this browser can read.`); }
  let rgba, w, h;
  try {
    ({width: w, height: h} = img);
    if (w*h > limits.max_pixels) return showError(`${f.name} is ${w}×${h} pixels: more than the ${limits.max_pixels.toLocaleString('en')} we accept.`);
    const c = document.createElement('canvas'); c.width = w; c.height = h;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    rgba = g.getImageData(0, 0, w, h).data;
    c.width = c.height = 0;   // let the browser free the canvas now
  } finally { img.close(); }
  classify(rgba, w, h);
}

document.getElementById('classify').onclick = () => { const im = pad.rgba(); classify(im.data, im.width, im.height); };
document.getElementById('clear').onclick = () => { pad.clear(); showHint(); };
document.getElementById('file').onchange = e => { const f = e.target.files[0]; e.target.value = ''; if (f) upload(f); };

// For tests: the same steps on pixels handed in as base64 RGBA bytes, and the header reader
window.mnist37 = {ready, asGrey, toMnist, predictProbs, imageSize, async check(b64, w, h) {
  await ready;
  try { const x = toMnist(asGrey(Uint8Array.from(atob(b64), c => c.charCodeAt(0)), w, h)).data;
        return {input: Array.from(x), probs: models.map(m => Array.from(predictProbs(m, x))), names: models.map(m => m.name)}; }
  catch (err) { return {error: err.message}; }
}};
