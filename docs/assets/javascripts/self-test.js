// Self-test mode: hide every answer and explanation behind a "显示答案" button.
// The choice is remembered in localStorage; no server is involved.
(function () {
  const KEY = "guide-self-test";
  const ANSWER = /^(答案|解析)[：:]/;

  function sections(article) {
    // Each question is an h2 with a q- id; its answer starts at the paragraph labelled 答案.
    return Array.from(article.querySelectorAll("h2[id^='q-']")).map((heading) => {
      const parts = [];
      let node = heading.nextElementSibling;
      let hiding = false;
      while (node && node.tagName !== "H2") {
        if (!hiding && node.tagName === "P" && ANSWER.test(node.textContent.trim())) hiding = true;
        if (hiding) parts.push(node);
        node = node.nextElementSibling;
      }
      return { heading, parts };
    });
  }

  function apply(article, on) {
    article.querySelectorAll(".guide-reveal").forEach((b) => b.remove());
    for (const { parts } of sections(article)) {
      if (!parts.length) continue;
      parts.forEach((p) => p.classList.toggle("guide-hidden", on));
      if (!on) continue;
      const button = document.createElement("button");
      button.className = "md-button guide-reveal";
      button.type = "button";
      button.textContent = "显示答案";
      button.addEventListener("click", () => {
        parts.forEach((p) => p.classList.remove("guide-hidden"));
        button.remove();
      });
      parts[0].before(button);
    }
  }

  document$.subscribe(() => {
    const article = document.querySelector("article.md-content__inner");
    if (!article || !article.querySelector("h2[id^='q-']")) return;
    const on = localStorage.getItem(KEY) === "1";
    const label = document.createElement("label");
    label.className = "guide-self-test";
    label.innerHTML = '<input type="checkbox"> 自测模式（隐藏答案）';
    const box = label.querySelector("input");
    box.checked = on;
    box.addEventListener("change", () => {
      localStorage.setItem(KEY, box.checked ? "1" : "0");
      apply(article, box.checked);
    });
    const title = article.querySelector("h1");
    (title || article.firstElementChild).after(label);
    apply(article, on);
  });
})();
