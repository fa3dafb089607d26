// What tools/site_test.py reads from each page of the site (run by Selenium as a function body: it returns the facts)
const art = document.querySelector('article') || document.body;
const clone = art.cloneNode(true);
clone.querySelectorAll('.cell_input, div[class*="highlight-"]:not(.output), code:not(pre code), script, style').forEach(e => e.remove());
const outputs = [...art.querySelectorAll('.cell_output .output')];
const empty = outputs.filter(o => !o.innerText.trim() && !o.querySelector('img, svg, canvas, video, iframe'))
                     .map(o => o.className + ': ' + o.innerHTML.slice(0, 120));
const h1 = art.querySelector('h1');
return {
  title: h1 ? h1.textContent.replace(/#$/, '').trim() : null,
  text: clone.innerText,
  images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0, inArticle: art.contains(i),
                                          badge: i.alt === 'Open In Colab'})),
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  resources: performance.getEntriesByType('resource').map(r => r.name),
  empty: empty,
  colab: [...art.querySelectorAll('a[href^="https://colab.research.google.com/github/"]')].map(a => a.href),
};
