// The listbox both composer pickers share (saved replies after "/", colleagues after "@"):
// typing the trigger at the start of the reply box or after a space opens it with the
// options for what follows; arrows move, Enter (or a click) chooses, Escape or leaving the
// box closes it, and a status line tells screen readers how many options there are. Each
// picker says only what differs: its trigger, where its options come from, how one looks
// and what choosing it does (`replies.js`, `mentions.js`).
(function () {
  "use strict";
  if (window.loketCaretPicker) return; // loaded once; htmx swaps the fragment, not this

  function el(id) { return document.getElementById(id); }
  function words(name) { var c = el("composer"); return c ? c.getAttribute(name) || "" : ""; }
  var BOX = "composer-text";

  // o: trigger (one character), list, status, prefix (option ids), count, none (composer
  // attributes naming the counts), delay (ms before asking), active() (may it open now?),
  // find(query, show) (calls show(items), at once or later), option(item, li),
  // choose(item, before, after) (returns the new caret position or nothing).
  window.loketCaretPicker = function (o) {
    var state = { start: -1, items: [], active: -1, timer: null, seq: 0 };
    var t = o.trigger.replace(/[\\\/^$.*+?()[\]{}|-]/g, "\\$&");
    var pattern = new RegExp("(^|\\s)" + t + "([^\\s" + t + "]{0,40})$");

    function announce(text) { var s = el(o.status); if (s) s.textContent = text; }

    function close() {
      var list = el(o.list), box = el(BOX);
      clearTimeout(state.timer);
      state.seq += 1; // answers still on their way are for a closed picker
      state.start = -1; state.items = []; state.active = -1;
      if (list) { list.hidden = true; list.textContent = ""; }
      if (box) box.removeAttribute("aria-activedescendant");
    }

    function highlight() {
      var list = el(o.list), box = el(BOX);
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === state.active ? "true" : "false");
        if (i === state.active && li.scrollIntoView) li.scrollIntoView({ block: "nearest" });
      });
      if (state.active >= 0) box.setAttribute("aria-activedescendant", o.prefix + state.active);
      else box.removeAttribute("aria-activedescendant");
    }

    function render() {
      var list = el(o.list);
      if (!list) return;
      list.textContent = "";
      state.items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = o.prefix + i;
        li.className = "loket-replies__option";
        li.setAttribute("role", "option");
        o.option(item, li);
        // mousedown, not click: the box keeps its focus and caret.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = state.items.length === 0;
      highlight();
      announce(state.items.length ? state.items.length + " " + words(o.count) : words(o.none));
    }

    function choose(i) {
      var item = state.items[i], box = el(BOX);
      if (!item || !box) return;
      var before = box.value.slice(0, state.start), after = box.value.slice(box.selectionStart);
      close();
      announce("");
      o.choose(item, before, after, box);
      box.focus();
      box.dispatchEvent(new Event("input", { bubbles: true })); // keeps the draft
    }

    function show(seq) {
      return function (items) {
        if (seq !== state.seq || state.start < 0) return; // stale, or closed meanwhile
        state.items = items || [];
        state.active = state.items.length ? 0 : -1;
        render();
      };
    }

    document.addEventListener("input", function (e) {
      if (e.target.id !== BOX) return;
      var m = o.active() && pattern.exec(e.target.value.slice(0, e.target.selectionStart));
      if (!m) { if (state.start >= 0) close(); return; }
      state.start = e.target.selectionStart - m[2].length - 1;
      clearTimeout(state.timer);
      var seq = ++state.seq, query = m[2];
      if (o.delay) state.timer = setTimeout(function () { o.find(query, show(seq)); }, o.delay);
      else o.find(query, show(seq));
    });

    document.addEventListener("keydown", function (e) {
      if (e.target.id !== BOX || state.start < 0) return;
      if (e.key === "Escape") { e.preventDefault(); close(); return; }
      var n = state.items.length;
      if (!n) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        state.active = (state.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
        highlight();
      } else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        choose(state.active);
      }
    }, true);

    document.addEventListener("focusout", function (e) {
      if (e.target.id === BOX) close();
    });
    document.addEventListener("htmx:afterSwap", close);

    return { close: close, announce: announce };
  };

  // A picker's hint is for those who have the picker: shown, and read with the box, only
  // now (and again after htmx brought a new composer).
  window.loketCaretPicker.offer = function (hintId) {
    function offer() {
      var hint = el(hintId), box = el(BOX);
      if (!hint || !box || !hint.hidden) return;
      hint.hidden = false;
      var described = box.getAttribute("aria-describedby") || "";
      box.setAttribute("aria-describedby", (described + " " + hintId).trim());
    }
    document.addEventListener("htmx:afterSwap", offer);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", offer);
    else offer();
  };
})();
