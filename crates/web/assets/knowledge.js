// The knowledge base in the composer (issue 11): a search box under the reply box lists
// the organisation's articles matching what the agent types (`GET /inbox/{id}/knowledge`,
// best first, each with its short answer in the organisation's form of address). "Insert"
// puts the short answer in the reply box; "This answered the question" records feedback
// (`POST /inbox/{id}/knowledge/{article}/feedback`). Without this file the box stays
// hidden and the composer works as before.
(function () {
  "use strict";
  if (window.loketKnowledge) return; // loaded once; htmx swaps the fragment, not this
  window.loketKnowledge = true;

  var state = { timer: null, seq: 0, items: [] };

  function el(id) { return document.getElementById(id); }
  function words(name) { var c = el("composer"); return c ? c.getAttribute(name) || "" : ""; }
  function conversation() { var c = el("composer"); return c ? c.getAttribute("data-conversation") : null; }

  function announce(text) { var s = el("composer-kb-status"); if (s) s.textContent = text; }

  function button(label, action, index) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "utrecht-button utrecht-button--secondary-action";
    b.textContent = label;
    b.setAttribute("data-kb-action", action);
    b.setAttribute("data-kb-index", String(index));
    return b;
  }

  function render(items) {
    var list = el("composer-kb-results");
    if (!list) return;
    state.items = items;
    list.textContent = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.className = "loket-kb__hit";
      var title = document.createElement("p");
      title.className = "utrecht-paragraph loket-kb__title";
      title.textContent = item.title;
      var snippet = document.createElement("p");
      snippet.className = "utrecht-paragraph loket-kb__snippet";
      snippet.textContent = item.snippet;
      var actions = document.createElement("p");
      actions.className = "utrecht-button-group";
      if (item.text) actions.appendChild(button(words("data-kb-insert"), "insert", i));
      actions.appendChild(button(words("data-kb-helpful"), "helpful", i));
      li.appendChild(title);
      li.appendChild(snippet);
      li.appendChild(actions);
      list.appendChild(li);
    });
    announce(items.length ? items.length + " " + words("data-kb-count") : words("data-kb-none"));
  }

  function search(query) {
    var id = conversation();
    if (!id) return;
    var seq = ++state.seq;
    if (!query.trim()) { render([]); announce(""); return; }
    fetch("/inbox/" + encodeURIComponent(id) + "/knowledge?q=" + encodeURIComponent(query), {
      headers: { accept: "application/json" }, credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) { if (seq === state.seq) render(body.items || []); })
      .catch(function () { /* the agent can still type the reply */ });
  }

  function insert(item) {
    var box = el("composer-text");
    if (!box || !item.text) return;
    var start = box.selectionStart || 0, end = box.selectionEnd || 0;
    if (!box.value.trim()) { box.value = item.text; start = 0; end = 0; }
    else { box.value = box.value.slice(0, start) + item.text + box.value.slice(end); }
    box.focus();
    var caret = (box.value === item.text ? 0 : start) + item.text.length;
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function helpful(item, b) {
    var id = conversation(), form = b.form;
    var csrf = form && form.querySelector("input[name=csrf]");
    if (!id || !csrf) return;
    var body = new URLSearchParams({ csrf: csrf.value, helpful: "yes" });
    fetch("/inbox/" + encodeURIComponent(id) + "/knowledge/" + encodeURIComponent(item.id) + "/feedback", {
      method: "POST", body: body, credentials: "same-origin"
    }).then(function (r) {
      if (r.ok) { b.disabled = true; b.textContent = words("data-kb-thanks"); announce(words("data-kb-thanks")); }
    }).catch(function () {});
  }

  document.addEventListener("input", function (e) {
    if (e.target.id !== "composer-kb-q") return;
    clearTimeout(state.timer);
    var query = e.target.value;
    state.timer = setTimeout(function () { search(query); }, 200);
  });
  // Enter in the search box searches now instead of sending the reply.
  document.addEventListener("keydown", function (e) {
    if (e.target.id === "composer-kb-q" && e.key === "Enter") {
      e.preventDefault();
      clearTimeout(state.timer);
      search(e.target.value);
    }
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-kb-action]");
    if (!b) return;
    var item = state.items[Number(b.getAttribute("data-kb-index"))];
    if (!item) return;
    if (b.getAttribute("data-kb-action") === "insert") insert(item); else helpful(item, b);
  });

  function offer() { var box = el("composer-kb"); if (box) box.hidden = false; state.items = []; }
  document.addEventListener("htmx:afterSwap", offer);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer);
  } else {
    offer();
  }
})();
