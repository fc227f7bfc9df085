// Saved replies in the composer (issue 11): "/" at the start of the reply box or after a
// space opens a listbox of the organisation's saved replies matching what follows, asked
// from the server as you type (`GET /inbox/{id}/replies?q=…`, already filled for this
// conversation). Arrows move, Enter (or a click) inserts, Escape closes. Variables the
// server could not fill stay as {{name}} and a note under the box lists them until they
// are gone. Everything works without this file; it only adds the picker.
(function () {
  "use strict";
  if (window.loketReplies) return; // loaded once; htmx swaps the fragment, not this
  window.loketReplies = true;

  var picker = { start: -1, items: [], active: -1, timer: null, seq: 0, missing: [] };

  function el(id) { return document.getElementById(id); }
  function words(name) { var c = el("composer"); return c ? c.getAttribute(name) || "" : ""; }

  // The "/query" ending at the caret (after the start or a space), or null.
  function typed(text, caret) {
    var m = /(^|\s)\/([^\s\/]{0,40})$/.exec(text.slice(0, caret));
    return m ? { start: caret - m[2].length - 1, query: m[2] } : null;
  }

  function announce(text) {
    var status = el("composer-replies-status");
    if (status) status.textContent = text;
  }

  function close() {
    var list = el("composer-replies"), box = el("composer-text");
    clearTimeout(picker.timer);
    picker.seq += 1; // answers still on their way are for a closed picker
    picker.start = -1; picker.items = []; picker.active = -1;
    if (list) { list.hidden = true; list.textContent = ""; }
    if (box) box.removeAttribute("aria-activedescendant");
  }

  function highlight() {
    var list = el("composer-replies"), box = el("composer-text");
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === picker.active ? "true" : "false");
      if (i === picker.active && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
    });
    if (picker.active >= 0) box.setAttribute("aria-activedescendant", "composer-reply-" + picker.active);
    else box.removeAttribute("aria-activedescendant");
  }

  function render() {
    var list = el("composer-replies");
    if (!list) return;
    list.textContent = "";
    picker.items.forEach(function (item, i) {
      var li = document.createElement("li"), code = document.createElement("span");
      li.id = "composer-reply-" + i;
      li.className = "loket-replies__option";
      li.setAttribute("role", "option");
      code.className = "loket-replies__shortcut";
      code.textContent = "/" + item.shortcut;
      li.appendChild(code);
      li.appendChild(document.createTextNode(item.title));
      // mousedown, not click: the box keeps its focus and caret.
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = picker.items.length === 0;
    highlight();
    announce(picker.items.length
      ? picker.items.length + " " + words("data-replies-count")
      : words("data-replies-none"));
  }

  function lookup(query) {
    var c = el("composer"), seq = ++picker.seq;
    if (!c || !window.fetch) return;
    var url = "/inbox/" + encodeURIComponent(c.getAttribute("data-conversation")) +
      "/replies?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) {
        if (seq !== picker.seq || picker.start < 0) return; // stale, or closed meanwhile
        picker.items = body.items || [];
        picker.active = picker.items.length ? 0 : -1;
        render();
      })
      .catch(function () { /* offline: no picker, typing goes on */ });
  }

  // Keep only the variables still in the box; the note goes when none is left.
  function refreshMissing() {
    var note = el("composer-replies-missing"), box = el("composer-text");
    if (!note || !box) return;
    picker.missing = picker.missing.filter(function (n) {
      return box.value.indexOf("{{" + n + "}}") >= 0;
    });
    note.hidden = picker.missing.length === 0;
    note.textContent = picker.missing.length
      ? words("data-replies-missing") + " " +
        picker.missing.map(function (n) { return "{{" + n + "}}"; }).join(", ")
      : "";
  }

  function choose(i) {
    var item = picker.items[i], box = el("composer-text");
    if (!item || !box) return;
    var before = box.value.slice(0, picker.start), after = box.value.slice(box.selectionStart);
    box.value = before + item.text + after;
    close();
    picker.missing = (item.missing || []).slice();
    refreshMissing();
    // The first variable left to fill is selected: typing replaces it.
    var first = picker.missing.length ? box.value.indexOf("{{" + picker.missing[0] + "}}", before.length) : -1;
    if (first >= 0) box.setSelectionRange(first, first + picker.missing[0].length + 4);
    else box.setSelectionRange(before.length + item.text.length, before.length + item.text.length);
    box.focus();
    announce(picker.missing.length ? el("composer-replies-missing").textContent : "");
    // Keeps the draft (composer.js listens for input).
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("input", function (e) {
    if (e.target.id !== "composer-text") return;
    refreshMissing();
    var found = typed(e.target.value, e.target.selectionStart);
    if (!found) { if (picker.start >= 0) close(); return; }
    picker.start = found.start;
    clearTimeout(picker.timer);
    picker.timer = setTimeout(function () { lookup(found.query); }, 120);
  });

  document.addEventListener("keydown", function (e) {
    if (e.target.id !== "composer-text" || picker.start < 0) return;
    if (e.key === "Escape") { e.preventDefault(); close(); return; }
    var n = picker.items.length;
    if (!n) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      picker.active = (picker.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      highlight();
    } else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      choose(picker.active);
    }
  }, true);

  document.addEventListener("focusout", function (e) {
    if (e.target.id === "composer-text") close();
  });
  // The hint is for those who have the picker: shown, and read with the box, only now.
  function offer() {
    var hint = el("composer-replies-hint"), box = el("composer-text");
    if (!hint || !box || !hint.hidden) return;
    hint.hidden = false;
    var described = box.getAttribute("aria-describedby") || "";
    box.setAttribute("aria-describedby", (described + " composer-replies-hint").trim());
  }

  document.addEventListener("htmx:afterSwap", function () { close(); picker.missing = []; offer(); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer);
  } else {
    offer();
  }
})();
