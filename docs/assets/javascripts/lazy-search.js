// Material fetches the whole search index (most of a page's weight on a phone) as soon as a page loads.
// Hold that one request back until the reader first focuses the search box; everything else is untouched.
(function () {
  const realFetch = window.fetch.bind(window);
  let opened = false;
  let release;
  const ready = new Promise((resolve) => (release = resolve));
  function open() {
    if (opened) return;
    opened = true;
    release();
  }
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input && input.url;
    if (!opened && url && /search\/search_index\.json(\?|$)/.test(url)) {
      return ready.then(() => realFetch(input, init));
    }
    return realFetch(input, init);
  };
  document.addEventListener("focusin", (event) => {
    if (event.target && event.target.matches && event.target.matches("[data-md-component=search-query]")) open();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" || event.key === "s" || event.key === "f") open();
  });
  document.addEventListener("click", (event) => {
    if (event.target && event.target.closest && event.target.closest("label[for=__search], .md-search")) open();
  });
})();
