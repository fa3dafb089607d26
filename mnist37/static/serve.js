// The page of `mnist37 serve` (lesson 16): GET config.json gives the limits and the models' names, and the drawing
// (as a PNG) or an uploaded file goes as it is to POST /predict. The server answers JSON, {input, note, models}
// or {error} with a 4xx status, and render.js draws it, as it draws the answers of the page without a server.
let limits = null;
const ready = fetch('config.json').then(r => { if (!r.ok) throw new Error(`HTTP ${r.status}`); return r.json(); }).then(c => {
  limits = c;
  document.getElementById('subtitle').textContent = c.subtitle;
  showModels(c.models, c.note);
}, err => { document.getElementById('models').textContent = 'none'; showError(`The server did not answer (${err.message}): is it still running?`); });

async function send(body) {
  showWait();
  let r;
  try { r = await fetch('predict', {method: 'POST', body, headers: {'Content-Type': 'application/octet-stream'}}); }
  catch (err) { return showError('The server did not answer: is it still running?'); }
  let a;
  try { a = await r.json(); } catch (err) { return showError(`The server sent an answer this page cannot read (HTTP ${r.status}).`); }
  showAnswer(r.ok || a.error ? a : {error: `The server answered HTTP ${r.status}.`});
}

document.getElementById('classify').onclick = async () => send(await pad.png());
document.getElementById('clear').onclick = () => { pad.clear(); showHint(); };
document.getElementById('file').onchange = async e => {
  const f = e.target.files[0]; e.target.value = ''; if (!f) return;
  await ready;
  if (limits && f.size > limits.max_upload) showError(tooLarge(f.size, limits.max_upload)); else send(f);
};
