// The drawing pad of both pages: the 280×280 canvas (ten screen pixels per MNIST pixel), white with a black pen,
// like paper. Pointer events cover the mouse, a pen and touch with the same code (style.css gives the canvas
// `touch-action: none`, so that a finger draws instead of scrolling the page).
const pad = (() => {
  const canvas = document.getElementById('pad'), ctx = canvas.getContext('2d');
  let last = null;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left)*canvas.width/r.width, (e.clientY - r.top)*canvas.height/r.height]; };
  const line = (a, b) => { ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke(); };
  const clear = () => { ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, canvas.width, canvas.height); };
  clear();
  Object.assign(ctx, {lineWidth: 22, lineCap: 'round', lineJoin: 'round', strokeStyle: '#000'});
  canvas.addEventListener('pointerdown', e => { canvas.setPointerCapture(e.pointerId); last = at(e); line(last, last); e.preventDefault(); });
  canvas.addEventListener('pointermove', e => { if (!last) return; const p = at(e); line(last, p); last = p; });
  for (const t of ['pointerup', 'pointercancel']) canvas.addEventListener(t, () => { last = null; });
  return {
    clear,
    rgba: () => ctx.getImageData(0, 0, canvas.width, canvas.height),   // the pixels, for the page that classifies them itself
    png: () => new Promise(done => canvas.toBlob(done, 'image/png')),   // a PNG file, for the page that sends it to a server
  };
})();
