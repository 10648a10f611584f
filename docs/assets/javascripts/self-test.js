// Self-test mode and 已掌握 marks, kept in this browser only (localStorage): no account, no server.
// - A 自测 switch in the header hides every answer behind a 显示答案 button; 全部显示 / 全部隐藏 under the title.
// - Each question gets a 已掌握 toggle; 只看未掌握 hides the questions already marked.
// - Chapter pages and the topic map say how many of their questions are marked.
(function () {
  const MODE = "guide-self-test";
  const MASTERED = "guide-mastered";
  const ONLY_OPEN = "guide-only-unmastered";
  const ANSWER = /^(答案|解析)[：:]/;

  const store = {
    get: (key, fallback) => {
      try {
        const value = localStorage.getItem(key);
        return value === null ? fallback : JSON.parse(value);
      } catch (error) {
        return fallback;
      }
    },
    set: (key, value) => {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch (error) {
        /* private mode: the choice lasts for this page only */
      }
    },
  };
  const mastered = () => new Set(store.get(MASTERED, []));

  function questions(article) {
    // A question is an h2 with a q- id; its answer starts at the paragraph labelled 答案.
    return Array.from(article.querySelectorAll("h2[id^='q-']")).map((heading) => {
      const all = [];
      const answer = [];
      let node = heading.nextElementSibling;
      let hiding = false;
      while (node && node.tagName !== "H2") {
        if (!hiding && node.tagName === "P" && ANSWER.test(node.textContent.trim())) hiding = true;
        all.push(node);
        if (hiding) answer.push(node);
        node = node.nextElementSibling;
      }
      return { id: heading.id, heading, all, answer };
    });
  }

  function render(article) {
    const on = store.get(MODE, false);
    const onlyOpen = store.get(ONLY_OPEN, false);
    const done = mastered();
    article.querySelectorAll(".guide-reveal").forEach((button) => button.remove());
    for (const question of questions(article)) {
      const hide = onlyOpen && done.has(question.id);
      [question.heading, ...question.all].forEach((node) => node.classList.toggle("guide-filtered", hide));
      question.answer.forEach((node) => node.classList.toggle("guide-hidden", on));
      if (on && question.answer.length) {
        const button = document.createElement("button");
        button.className = "md-button guide-reveal";
        button.type = "button";
        button.textContent = "显示答案";
        button.addEventListener("click", () => {
          question.answer.forEach((node) => node.classList.remove("guide-hidden"));
          button.remove();
        });
        question.answer[0].before(button);
      }
    }
    article.querySelectorAll(".guide-mastered").forEach((button) => {
      const marked = done.has(button.dataset.question);
      button.setAttribute("aria-pressed", String(marked));
      button.textContent = marked ? "✓ 已掌握" : "标记为已掌握";
    });
    article.querySelectorAll(".guide-progress").forEach((box) => {
      const ids = box.dataset.questions.split(" ").filter(Boolean);
      box.textContent = ids.length ? `本章 ${ids.length} 题，你已掌握 ${ids.filter((id) => done.has(id)).length} 题。` : "";
    });
    article.querySelectorAll("a[href*='#q-']").forEach((link) => {
      link.classList.toggle("guide-link-mastered", done.has(link.hash.slice(1)));
    });
    const header = document.querySelector(".guide-self-test-switch");
    if (header) header.setAttribute("aria-pressed", String(on));
    const filter = article.querySelector(".guide-only-open");
    if (filter) filter.checked = onlyOpen;
  }

  function toolbar(article) {
    if (!article.querySelector("h2[id^='q-']")) return;
    const bar = document.createElement("div");
    bar.className = "guide-toolbar";
    bar.setAttribute("data-search-exclude", "");
    bar.innerHTML =
      '<button type="button" class="md-button" data-action="show">全部显示</button> ' +
      '<button type="button" class="md-button" data-action="hide">全部隐藏</button> ' +
      '<label><input type="checkbox" class="guide-only-open"> 只看未掌握</label>';
    bar.addEventListener("click", (event) => {
      const action = event.target.dataset && event.target.dataset.action;
      if (action === "show" || action === "hide") {
        store.set(MODE, action === "hide");
        render(article);
      }
    });
    bar.querySelector(".guide-only-open").addEventListener("change", (event) => {
      store.set(ONLY_OPEN, event.target.checked);
      render(article);
    });
    const title = article.querySelector("h1");
    (title || article.firstElementChild).after(bar);
    article.querySelectorAll(".guide-badges[data-question]").forEach((badges) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "guide-mastered";
      button.dataset.question = badges.dataset.question;
      button.addEventListener("click", () => {
        const done = mastered();
        done.has(button.dataset.question) ? done.delete(button.dataset.question) : done.add(button.dataset.question);
        store.set(MASTERED, Array.from(done));
        render(article);
      });
      badges.append(button);
    });
  }

  function headerSwitch() {
    if (document.querySelector(".guide-self-test-switch")) return;
    const inner = document.querySelector(".md-header__inner");
    if (!inner) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button guide-self-test-switch";
    button.title = "自测模式：隐藏答案";
    button.textContent = "自测";
    button.addEventListener("click", () => {
      store.set(MODE, !store.get(MODE, false));
      const article = document.querySelector("article.md-content__inner");
      if (article) render(article);
    });
    const search = inner.querySelector(".md-search") || inner.lastElementChild;
    inner.insertBefore(button, search);
  }

  document$.subscribe(() => {
    headerSwitch();
    const article = document.querySelector("article.md-content__inner");
    if (!article) return;
    toolbar(article);
    render(article);
  });
})();
