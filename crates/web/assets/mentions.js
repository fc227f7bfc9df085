// @mentions in the note composer (issue 9): with "Interne notitie" on, "@" at the start of
// the box or after a space opens a listbox of the colleagues whose name (or a word of it)
// starts with what follows. Arrows move, Enter (or a click) inserts "@Name " and ticks that
// colleague in the checkbox list under the box — the list the form sends, and the way to
// mention someone without this file. A name taken out of the text again is unticked when
// the note is sent. Escape closes.
(function () {
  "use strict";
  if (window.loketMentions) return; // loaded once; htmx swaps the fragment, not this
  window.loketMentions = true;

  var picker = { start: -1, items: [], active: -1 }, picked = [];

  function el(id) { return document.getElementById(id); }
  function words(name) { var c = el("composer"); return c ? c.getAttribute(name) || "" : ""; }
  function noteMode() { var n = el("composer-mode-note"); return !!(n && n.checked); }

  function colleagues() {
    return Array.prototype.map.call(document.querySelectorAll("#composer input[name=mention]"), function (box) {
      var label = document.querySelector("label[for='" + box.id + "']");
      return { box: box, name: label ? label.textContent.trim() : "" };
    });
  }

  // The "@query" ending at the caret (after the start or a space), or null.
  function typed(text, caret) {
    var m = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
    return m ? { start: caret - m[2].length - 1, query: m[2].toLowerCase() } : null;
  }

  function matches(name, query) {
    return name.toLowerCase().split(/\s+/).some(function (w) { return w.indexOf(query) === 0; });
  }

  function announce(text) { var s = el("composer-mentions-status"); if (s) s.textContent = text; }

  function close() {
    var list = el("composer-mentions"), box = el("composer-text");
    picker.start = -1; picker.items = []; picker.active = -1;
    if (list) { list.hidden = true; list.textContent = ""; }
    if (box) box.removeAttribute("aria-activedescendant");
  }

  function highlight() {
    var list = el("composer-mentions"), box = el("composer-text");
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === picker.active ? "true" : "false");
    });
    if (picker.active >= 0) box.setAttribute("aria-activedescendant", "composer-mention-option-" + picker.active);
    else box.removeAttribute("aria-activedescendant");
  }

  function render() {
    var list = el("composer-mentions");
    if (!list) return;
    list.textContent = "";
    picker.items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "composer-mention-option-" + i;
      li.className = "loket-replies__option";
      li.setAttribute("role", "option");
      li.textContent = item.name;
      // mousedown, not click: the box keeps its focus and caret.
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = picker.items.length === 0;
    highlight();
    announce(picker.items.length
      ? picker.items.length + " " + words("data-mentions-count")
      : words("data-mentions-none"));
  }

  function choose(i) {
    var item = picker.items[i], box = el("composer-text");
    if (!item || !box) return;
    var before = box.value.slice(0, picker.start), after = box.value.slice(box.selectionStart);
    var inserted = "@" + item.name + " ";
    box.value = before + inserted + after;
    box.setSelectionRange(before.length + inserted.length, before.length + inserted.length);
    item.box.checked = true;
    picked.push(item);
    var details = item.box.closest("details");
    if (details) details.open = true; // who is ticked stays in sight
    close();
    announce("");
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true })); // keeps the draft
  }

  document.addEventListener("input", function (e) {
    if (e.target.id !== "composer-text") return;
    var found = noteMode() && typed(e.target.value, e.target.selectionStart);
    if (!found) { if (picker.start >= 0) close(); return; }
    picker.start = found.start;
    picker.items = colleagues().filter(function (c) { return matches(c.name, found.query); }).slice(0, 8);
    picker.active = picker.items.length ? 0 : -1;
    render();
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

  // Sent: a colleague ticked here whose name left the text is not mentioned after all.
  document.addEventListener("submit", function (e) {
    var box = el("composer-text");
    if (!box || !e.target.contains(box)) return;
    picked.forEach(function (item) {
      if (box.value.indexOf("@" + item.name) < 0) item.box.checked = false;
    });
  }, true);

  // The hint is for those who have the picker: shown, and read with the box, only now.
  function offer() {
    var hint = el("composer-mention-hint"), box = el("composer-text");
    // A new composer (a note was sent) has new boxes; a live timeline swap keeps these.
    picked = picked.filter(function (item) { return document.contains(item.box); });
    if (!hint || !box || !hint.hidden) return;
    hint.hidden = false;
    var described = box.getAttribute("aria-describedby") || "";
    box.setAttribute("aria-describedby", (described + " composer-mention-hint").trim());
  }

  document.addEventListener("htmx:afterSwap", function () { close(); offer(); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offer);
  } else {
    offer();
  }
})();
