// Opt-in desktop notifications and a short sound for new conversations (issue 9 §1).
// Off until the agent presses the button: only then does the browser ask for permission.
// The choice is remembered in localStorage. A notification never shows what the resident
// wrote (privacy): only "new conversation" and the channel.
(function () {
  "use strict";
  var KEY = "loket-notify";
  var button = document.getElementById("notify-toggle");
  if (!button || !("Notification" in window)) return;
  var on = function () { return localStorage.getItem(KEY) === "on" && Notification.permission === "granted"; };
  var show = function () {
    button.textContent = on() ? button.dataset.off : button.dataset.on;
    button.setAttribute("aria-pressed", on() ? "true" : "false");
  };
  button.hidden = false;
  show();
  button.addEventListener("click", function () {
    if (on()) { localStorage.setItem(KEY, "off"); show(); return; }
    Notification.requestPermission().then(function (p) {
      localStorage.setItem(KEY, p === "granted" ? "on" : "off");
      show();
    });
  });
  var sound = new Audio(button.dataset.sound);
  // htmx's SSE extension passes every event it receives on as htmx:sseMessage.
  document.body.addEventListener("htmx:sseMessage", function (e) {
    if (!on() || !e.detail || e.detail.type !== "conversation_created") return;
    var channel = "WhatsApp"; // the only channel kind so far; the event may name it
    try { channel = JSON.parse(e.detail.data).channel_name || channel; } catch (_) { /* no name */ }
    new Notification(button.dataset.title, { body: button.dataset.body + " " + channel, tag: "loket-new" });
    sound.play().catch(function () { /* autoplay refused: the notification still shows */ });
  });
})();
