// @mentions in the note composer (issue 9): with "Interne notitie" on, "@" at the start of
// the box or after a space opens a listbox (caret_picker.js) of the colleagues whose name
// (or a word of it) starts with what follows. Choosing one inserts "@Name " and ticks that
// colleague in the checkbox list under the box — the list the form sends, and the way to
// mention someone without this file. A name taken out of the text again is unticked when
// the note is sent.
(function () {
  "use strict";
  if (window.loketMentions || !window.loketCaretPicker) return;
  window.loketMentions = true;

  var picked = [];

  function el(id) { return document.getElementById(id); }
  function noteMode() { var n = el("composer-mode-note"); return !!(n && n.checked); }

  function colleagues() {
    return Array.prototype.map.call(document.querySelectorAll("#composer input[name=mention]"), function (box) {
      var label = document.querySelector("label[for='" + box.id + "']");
      return { box: box, name: label ? label.textContent.trim() : "" };
    });
  }

  function matches(name, query) {
    return name.toLowerCase().split(/\s+/).some(function (w) { return w.indexOf(query) === 0; });
  }

  window.loketCaretPicker({
    trigger: "@", list: "composer-mentions", status: "composer-mentions-status",
    prefix: "composer-mention-option-", count: "data-mentions-count", none: "data-mentions-none",
    delay: 0,
    active: noteMode,
    find: function (query, show) {
      var q = query.toLowerCase();
      show(colleagues().filter(function (c) { return matches(c.name, q); }).slice(0, 8));
    },
    option: function (item, li) { li.textContent = item.name; },
    choose: function (item, before, after, box) {
      var inserted = "@" + item.name + " ";
      box.value = before + inserted + after;
      box.setSelectionRange(before.length + inserted.length, before.length + inserted.length);
      item.box.checked = true;
      picked.push(item);
      var details = item.box.closest("details");
      if (details) details.open = true; // who is ticked stays in sight
    }
  });

  // Sent: a colleague ticked here whose name left the text is not mentioned after all.
  document.addEventListener("submit", function (e) {
    var box = el("composer-text");
    if (!box || !e.target.contains(box)) return;
    picked.forEach(function (item) {
      if (box.value.indexOf("@" + item.name) < 0) item.box.checked = false;
    });
  }, true);

  // A new composer (a note was sent) has new boxes; a live timeline swap keeps these.
  document.addEventListener("htmx:afterSwap", function () {
    picked = picked.filter(function (item) { return document.contains(item.box); });
  });
  window.loketCaretPicker.offer("composer-mention-hint");
})();
