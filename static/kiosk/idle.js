// Signs the peer worker out after KIOSK_IDLE_SECONDS without a touch or a key press, with a
// visible countdown first; on a signed-out page, goes back to the kiosk's start page instead.
// The server ends an idle kiosk session by itself too, so this is a courtesy, not the guard.
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds"), 10);
  var warningSeconds = parseInt(body.getAttribute("data-idle-warning-seconds"), 10) || 0;
  var home = body.getAttribute("data-idle-home");
  var finish = document.getElementById("kiosk-finish");
  var warning = document.getElementById("kiosk-idle-warning");
  var countdown = warning ? warning.querySelector("[data-idle-countdown]") : null;
  var lastActivity = Date.now();
  var finished = false;

  if (!idleSeconds || (!finish && !home)) {
    return;
  }

  function onActivity() {
    if (finished) {
      return;
    }
    lastActivity = Date.now();
    if (warning && !warning.hidden) {
      warning.hidden = true;
    }
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "input"].forEach(function (name) {
    document.addEventListener(name, onActivity, { capture: true, passive: true });
  });

  function signOut() {
    finished = true;
    if (finish) {
      finish.elements.reason.value = "idle";
      finish.submit();
    } else if (window.location.pathname !== home) {
      window.location.replace(home);
    }
  }

  function tick() {
    if (finished) {
      return;
    }
    var secondsLeft = Math.ceil(idleSeconds - (Date.now() - lastActivity) / 1000);
    if (secondsLeft <= 0) {
      signOut();
    } else if (finish && warning && secondsLeft <= warningSeconds) {
      countdown.textContent = String(secondsLeft);
      warning.hidden = false;
    }
  }

  window.setInterval(tick, 1000);

  // A page brought back by the back button from the browser's memory is shown again from the server,
  // which sends the next person to the start rather than showing what the last one saw.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
})();
