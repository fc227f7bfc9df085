// Saved replies in the composer (issue 11): "/" at the start of the reply box or after a
// space opens a listbox (caret_picker.js) of the organisation's saved replies matching what
// follows, asked from the server as you type (`GET /inbox/{id}/replies?q=…`, already filled
// for this conversation). Variables the server could not fill stay as {{name}} and a note
// under the box lists them until they are gone. Everything works without this file; it
// only adds the picker.
(function () {
  "use strict";
  if (window.loketReplies || !window.loketCaretPicker) return;
  window.loketReplies = true;

  var missing = [];

  function el(id) { return document.getElementById(id); }

  function lookup(query, show) {
    var c = el("composer");
    if (!c || !window.fetch) return;
    var url = "/inbox/" + encodeURIComponent(c.getAttribute("data-conversation")) +
      "/replies?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (body) { show(body.items); })
      .catch(function () { /* offline: no picker, typing goes on */ });
  }

  // Keep only the variables still in the box; the note goes when none is left.
  function refreshMissing() {
    var note = el("composer-replies-missing"), box = el("composer-text"), c = el("composer");
    if (!note || !box) return;
    missing = missing.filter(function (n) { return box.value.indexOf("{{" + n + "}}") >= 0; });
    note.hidden = missing.length === 0;
    note.textContent = missing.length
      ? (c ? c.getAttribute("data-replies-missing") || "" : "") + " " +
        missing.map(function (n) { return "{{" + n + "}}"; }).join(", ")
      : "";
  }

  var picker = window.loketCaretPicker({
    trigger: "/", list: "composer-replies", status: "composer-replies-status",
    prefix: "composer-reply-", count: "data-replies-count", none: "data-replies-none",
    delay: 120,
    active: function () { return true; },
    find: lookup,
    option: function (item, li) {
      var code = document.createElement("span");
      code.className = "loket-replies__shortcut";
      code.textContent = "/" + item.shortcut;
      li.appendChild(code);
      li.appendChild(document.createTextNode(item.title));
    },
    choose: function (item, before, after, box) {
      box.value = before + item.text + after;
      missing = (item.missing || []).slice();
      refreshMissing();
      // The first variable left to fill is selected: typing replaces it.
      var first = missing.length ? box.value.indexOf("{{" + missing[0] + "}}", before.length) : -1;
      if (first >= 0) box.setSelectionRange(first, first + missing[0].length + 4);
      else box.setSelectionRange(before.length + item.text.length, before.length + item.text.length);
      if (missing.length) picker.announce(el("composer-replies-missing").textContent);
    }
  });

  document.addEventListener("input", function (e) {
    if (e.target.id === "composer-text") refreshMissing();
  });
  document.addEventListener("htmx:afterSwap", function () { missing = []; });
  window.loketCaretPicker.offer("composer-replies-hint");
})();
