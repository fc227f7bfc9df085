// The composer (composer part): Ctrl+Enter / Cmd+Enter sends, the draft survives new
// messages and a reload (localStorage, per conversation, cleared on send), files can be
// dropped or pasted, and note mode is shown clearly. Everything works without this file.
(function () {
  "use strict";
  if (window.loketComposer) return; // loaded once; htmx swaps the fragment, not this
  window.loketComposer = true;

  function composer() { return document.getElementById("composer"); }
  function key(el) { return "loket-draft:" + el.getAttribute("data-conversation"); }

  function restore() {
    var c = composer(), text = document.getElementById("composer-text");
    if (!c || !text) return;
    var kept = null;
    try { kept = localStorage.getItem(key(c)); } catch (e) { /* storage off */ }
    if (kept && !text.value) text.value = kept;
    showMode();
  }

  function showMode() {
    var c = composer(), note = document.getElementById("composer-mode-note");
    if (c && note) c.classList.toggle("loket-composer--note", note.checked);
  }

  function addFiles(files) {
    var input = document.getElementById("composer-files");
    if (!input || !files || !files.length || typeof DataTransfer === "undefined") return false;
    var all = new DataTransfer();
    Array.prototype.forEach.call(input.files, function (f) { all.items.add(f); });
    Array.prototype.forEach.call(files, function (f) { all.items.add(f); });
    input.files = all.files;
    return true;
  }

  document.addEventListener("input", function (e) {
    var c = composer();
    if (c && e.target.id === "composer-text") {
      try { localStorage.setItem(key(c), e.target.value); } catch (x) { /* storage off */ }
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.id === "composer-mode-note") showMode();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
    if (e.target.id !== "composer-text") return;
    e.preventDefault();
    var form = e.target.form;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
  document.addEventListener("submit", function (e) {
    var c = composer();
    // The draft goes once the reply is sent; a refused one comes back in the form.
    if (c && e.target.contains(document.getElementById("composer-text"))) {
      try { localStorage.removeItem(key(c)); } catch (x) { /* storage off */ }
    }
  }, true);
  document.addEventListener("paste", function (e) {
    if (e.target.id !== "composer-text" || !e.clipboardData) return;
    if (e.clipboardData.files.length && addFiles(e.clipboardData.files)) e.preventDefault();
  });
  document.addEventListener("dragover", function (e) {
    if (e.target.closest && e.target.closest(".loket-composer__form")) e.preventDefault();
  });
  document.addEventListener("drop", function (e) {
    if (!(e.target.closest && e.target.closest(".loket-composer__form"))) return;
    if (e.dataTransfer && addFiles(e.dataTransfer.files)) e.preventDefault();
  });
  document.addEventListener("htmx:afterSwap", restore);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
