// Images in the conversation open large in a <dialog> (issue 9) rather than in a new tab;
// the link to the full image stays for those without this file, and inside the dialog.
// Escape (the dialog's own cancel) or the button closes it, and the focus goes back to the
// image's link — found again by its address if a live refresh replaced it meanwhile.
(function () {
  "use strict";
  if (window.loketImages) return; // loaded once
  window.loketImages = true;
  var opener = null;

  function el(id) { return document.getElementById(id); }

  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var link = e.target.closest && e.target.closest("a[data-enlarge]");
    var dialog = el("image-dialog");
    if (!link || !dialog || !dialog.showModal) return;
    e.preventDefault();
    var small = link.querySelector("img"), big = el("image-dialog-img");
    big.src = link.getAttribute("href");
    big.alt = small ? small.alt : "";
    el("image-dialog-full").href = link.getAttribute("href");
    opener = link.getAttribute("href");
    dialog.showModal();
    el("image-dialog-close").focus();
  });

  // `close` does not bubble: listen while it passes the document (capture).
  document.addEventListener("close", function (e) {
    if (e.target.id !== "image-dialog" || !opener) return;
    var links = document.querySelectorAll("a[data-enlarge]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("href") === opener) { links[i].focus(); break; }
    }
    opener = null;
  }, true);
})();
