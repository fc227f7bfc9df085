// Opt-in desktop notifications and a short sound for new conversations (issue 9 §1), the
// notice that a colleague mentioned the signed-in user in a note (§4), and the count of
// unread mentions in the navigation, which follows their other tabs.
// Desktop notifications are off until the agent presses the button (inbox): only then does
// the browser ask for permission; the choice is remembered in localStorage. A notification
// never shows what anyone wrote (privacy): only what happened and where.
(function () {
  "use strict";
  var KEY = "loket-notify";
  var button = document.getElementById("notify-toggle");
  var notice = document.getElementById("mention-notice");
  var supported = "Notification" in window;
  var on = function () {
    return supported && localStorage.getItem(KEY) === "on" && Notification.permission === "granted";
  };
  var show = function () {
    button.textContent = on() ? button.dataset.off : button.dataset.on;
    button.setAttribute("aria-pressed", on() ? "true" : "false");
  };
  if (button && supported) {
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      if (on()) { localStorage.setItem(KEY, "off"); show(); return; }
      Notification.requestPermission().then(function (p) {
        localStorage.setItem(KEY, p === "granted" ? "on" : "off");
        show();
      });
    });
  }
  var sound = button ? new Audio(button.dataset.sound) : null;
  var data = function (e) {
    try { return JSON.parse(e.detail.data) || {}; } catch (_) { return {}; }
  };
  // A note naming this user: a visible notice with a link (a live region announces it),
  // and a desktop notification when those are on.
  var mentioned = function (event) {
    if (!notice || !event.conversation_id) return;
    var mentions = event.mentions || [];
    if (mentions.indexOf(notice.dataset.user) < 0) return;
    notice.textContent = notice.dataset.text + " ";
    var link = document.createElement("a");
    link.className = "utrecht-link utrecht-link--html-a";
    link.href = "/inbox/" + encodeURIComponent(event.conversation_id);
    link.textContent = notice.dataset.link;
    notice.appendChild(link);
    notice.classList.add("loket-mention--shown");
    if (on()) new Notification(notice.dataset.text, { tag: "loket-mention-" + event.note_id });
  };
  // The navigation's badge of unread mentions: asked again when an event concerns this user.
  var recount = function () {
    var badge = document.getElementById("mentions-badge");
    if (!badge || !window.fetch) return;
    fetch("/mentions/count", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        document.getElementById("mentions-count").textContent = body.shown;
        badge.hidden = body.unread === 0;
      })
      .catch(function () { /* offline: the badge catches up on the next page */ });
  };
  // htmx's SSE extension passes every event it receives on as htmx:sseMessage.
  document.body.addEventListener("htmx:sseMessage", function (e) {
    if (!e.detail) return;
    var me = notice && notice.dataset.user;
    if (e.detail.type === "mentions_read") { if (data(e).user_id === me) recount(); return; }
    if (e.detail.type === "note_added") {
      if ((data(e).mentions || []).indexOf(me) >= 0) recount();
      mentioned(data(e));
      return;
    }
    if (!on() || !button || e.detail.type !== "conversation_created") return;
    var channel = data(e).channel_name || "WhatsApp";
    new Notification(button.dataset.title, { body: button.dataset.body + " " + channel, tag: "loket-new" });
    sound.play().catch(function () { /* autoplay refused: the notification still shows */ });
  });
})();
