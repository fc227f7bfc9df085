// Keyboard shortcuts for the inbox and the conversation page (part "actions"). Plain keys,
// never while typing in a field nor with Ctrl/Alt/Meta; each degrades to nothing when the
// element it needs is not on the page. The help (`?`) is the page's <dialog id="keys-help">.
(function () {
  "use strict";
  var $ = function (selector) { return document.querySelector(selector); };

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  // On the inbox: the row links in #conversations; on a conversation: the queue links.
  function move(step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#conversations a[href]"));
    if (rows.length === 0) {
      var link = $(step > 0 ? "#queue-next" : "#queue-prev");
      if (link) link.click();
      return;
    }
    var at = rows.indexOf(document.activeElement);
    var next = rows[Math.min(Math.max(at + step, 0), rows.length - 1)];
    if (at < 0) next = rows[step > 0 ? 0 : rows.length - 1];
    next.focus();
  }

  function click(selector) {
    var element = $(selector);
    if (element && !element.disabled) element.click();
  }

  function focus(selector) {
    var element = $(selector);
    if (element) element.focus();
  }

  function help() {
    var dialog = $("#keys-help");
    if (dialog && !dialog.open && dialog.showModal) dialog.showModal();
  }

  var actions = {
    j: function () { move(1); },
    k: function () { move(-1); },
    a: function () { click("#side-assign-me"); },
    r: function () { focus("#composer-text"); },
    n: function () { click("#composer-mode-note"); focus("#composer-text"); },
    e: function () { click("#side-resolve"); },
    "/": function () { focus("#search-q"); },
    "?": help
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    // Any open dialog (this help, an enlarged image) has the keys to itself.
    if (typing(event.target) || $("dialog[open]")) return;
    var action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
})();
