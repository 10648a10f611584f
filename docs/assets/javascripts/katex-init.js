// Render the formulas that pymdownx.arithmatex marks (class "arithmatex"), with the KaTeX copy served by
// this site. Only those elements are visited: scanning every text node of a long page (auto-render)
// blocked the main thread for seconds on a phone. document$ fires on load and on instant navigation.
document$.subscribe(({ body }) => {
  for (const el of body.querySelectorAll(".arithmatex")) {
    const text = el.textContent.trim();
    const display = text.startsWith("\\[");
    const tex = text.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
    try {
      katex.render(tex, el, { displayMode: display, throwOnError: false });
    } catch (error) {
      console.warn("KaTeX:", error, tex);
    }
  }
});
