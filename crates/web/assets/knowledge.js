// The knowledge base in the composer (issue 11): a search box under the reply box lists
// the organisation's articles matching what the agent types (`GET /inbox/{id}/knowledge`,
// best first, each with its short answer in the organisation's form of address). "Insert"
// puts the short answer in the reply box; "This answered the question" records feedback
// (`POST /inbox/{id}/knowledge/{article}/feedback`); "Did not help" opens a comment field
// (a <details>) whose fields belong, by their `form` attribute, to a real form outside the
// reply form (forms cannot nest): it posts as a plain form if the fetch below cannot run.
// Without this file the box stays hidden and the composer works as before.
(function () {
  "use strict";
  if (window.loketKnowledge) return; // loaded once; htmx swaps the fragment, not this
  window.loketKnowledge = true;

  var state = { timer: null, seq: 0, items: [] };

  function el(id) { return document.getElementById(id); }
  // The words of the page's language: on the box (newer ones) or on the composer.
  function words(name) {
    var b = el("composer-kb"), c = el("composer");
    return (b && b.getAttribute(name)) || (c ? c.getAttribute(name) || "" : "");
  }
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

  function make(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text) n.textContent = text;
    return n;
  }

  // The form "did not help" submits: outside the reply form, in its own container.
  function feedbackForm(item, i) {
    var box = el("composer-kb-forms");
    var csrf = document.querySelector("#composer input[name=csrf]");
    if (!box || !csrf) return null;
    var form = make("form");
    form.id = "composer-kb-fb-" + i;
    form.method = "post";
    form.action = "/inbox/" + encodeURIComponent(conversation()) + "/knowledge/" + encodeURIComponent(item.id) + "/feedback";
    form.hidden = true;
    [["csrf", csrf.value], ["helpful", "no"]].forEach(function (pair) {
      var input = make("input");
      input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
      form.appendChild(input);
    });
    box.appendChild(form);
    return form.id;
  }

  function notHelpful(item, i) {
    var formId = feedbackForm(item, i);
    if (!formId) return null;
    var details = make("details", "loket-kb__not-helped");
    details.id = "composer-kb-not-helped-" + i;
    details.appendChild(make("summary", "utrecht-button utrecht-button--secondary-action", words("data-kb-not-helpful")));
    var field = make("div", "utrecht-form-field");
    var label = make("label", "utrecht-form-label", words("data-kb-comment"));
    label.htmlFor = "composer-kb-comment-" + i;
    var hint = make("div", "utrecht-form-field-description", words("data-kb-comment-hint"));
    hint.id = "composer-kb-comment-hint-" + i;
    var text = make("textarea", "utrecht-textarea utrecht-textarea--html-textarea");
    text.id = label.htmlFor; text.name = "comment"; text.rows = 3; text.maxLength = 1000;
    text.setAttribute("form", formId);
    text.setAttribute("aria-describedby", hint.id);
    var send = make("button", "utrecht-button utrecht-button--secondary-action", words("data-kb-send-feedback"));
    send.type = "submit";
    send.setAttribute("form", formId);
    [make("p", "utrecht-form-field__label"), hint, make("p", "utrecht-form-field__input")].forEach(function (n) { field.appendChild(n); });
    field.firstChild.appendChild(label);
    field.lastChild.appendChild(text);
    details.appendChild(field);
    details.appendChild(make("p", "utrecht-button-group")).appendChild(send);
    return details;
  }

  function render(items) {
    var list = el("composer-kb-results");
    if (!list) return;
    state.items = items;
    list.textContent = "";
    var forms = el("composer-kb-forms");
    if (forms) forms.textContent = "";
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.className = "loket-kb__hit";
      var title = document.createElement("p");
      title.className = "utrecht-paragraph loket-kb__title";
      title.textContent = item.title;
      var snippet = document.createElement("p");
      snippet.className = "utrecht-paragraph loket-kb__snippet";
      snippet.textContent = item.snippet;
      var actions = make("div", "utrecht-button-group");
      if (item.text) actions.appendChild(button(words("data-kb-insert"), "insert", i));
      actions.appendChild(button(words("data-kb-helpful"), "helpful", i));
      var not = notHelpful(item, i);
      if (not) actions.appendChild(not);
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

  // "Did not help" with its comment, without leaving the conversation.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.id || form.id.indexOf("composer-kb-fb-") !== 0) return;
    e.preventDefault();
    var details = el("composer-kb-not-helped-" + form.id.slice(15));
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok || !details) return;
        var done = make("p", "utrecht-paragraph loket-kb__noted", words("data-kb-noted"));
        details.replaceWith(done);
        announce(words("data-kb-noted"));
      }).catch(function () {});
  });

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

  function offer() {
    var box = el("composer-kb"), composer = el("composer");
    if (!box) return;
    box.hidden = false;
    state.items = [];
    if (composer && !el("composer-kb-forms")) {
      var forms = make("div");
      forms.id = "composer-kb-forms";
      composer.appendChild(forms);
    }
  }
  document.addEventListener("htmx:afterSwap", offer);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer);
  } else {
    offer();
  }
})();
