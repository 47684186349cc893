/* Autosave for the application wizard: progressive enhancement.
 *
 * A step's form marked `data-autosave` is posted, 1.5 s after the last change, to its own URL
 * with the header `X-Autosave: 1`. The server saves it through the same service as the Save
 * button and answers JSON: {saved, saved_at, message, progress, gates, fragments, errors}.
 * `fragments` maps element ids (the side panel, the score summary) to fresh HTML rendered by the
 * server, so texts stay translated in one place. The status line (#autosave-status) is an
 * aria-live region. Without JavaScript the Save buttons do the same with a full page load.
 */
(function () {
  "use strict";

  var DELAY_MS = 1500;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setStatus(text, failed) {
    var status = document.getElementById("autosave-status");
    if (!status) {
      return;
    }
    status.textContent = text;
    status.classList.toggle("text-danger", Boolean(failed));
    status.classList.toggle("text-body-secondary", !failed);
  }

  function applyFragments(fragments) {
    Object.keys(fragments || {}).forEach(function (id) {
      var element = document.getElementById(id);
      if (element) {
        element.innerHTML = fragments[id];
      }
    });
  }

  function enhance(form) {
    var timer = null;
    var inFlight = false;
    var again = false;
    var savingText = form.getAttribute("data-saving-text") || "…";

    function save() {
      if (inFlight) {
        again = true; // one more save once this one answers: the latest input wins
        return;
      }
      inFlight = true;
      setStatus(savingText, false);
      // Not `form.action`: the Save buttons are named "action" and shadow that property.
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: {
          "X-Autosave": "1",
          "X-Requested-With": "XMLHttpRequest",
          "X-CSRFToken": csrfToken(form),
          Accept: "application/json",
        },
      })
        .then(function (response) {
          return response.json().catch(function () {
            return { saved: false, message: response.statusText };
          });
        })
        .then(function (answer) {
          setStatus(answer.message || "", !answer.saved);
          if (answer.saved) {
            applyFragments(answer.fragments);
          }
        })
        .catch(function () {
          setStatus(form.getAttribute("data-offline-text") || "", true);
        })
        .finally(function () {
          inFlight = false;
          if (again) {
            again = false;
            save();
          }
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        timer = null;
        save();
      }, DELAY_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    // A real submit (the Save buttons) makes a pending autosave pointless.
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      timer = null;
    });
    // Leaving the page (a link, the step list) with a change not yet sent: send it anyway. A
    // beacon carries no custom header, so the server treats it as the Save button (the CSRF
    // token travels in the form data).
    window.addEventListener("pagehide", function () {
      if (timer !== null && navigator.sendBeacon) {
        window.clearTimeout(timer);
        timer = null;
        navigator.sendBeacon(form.getAttribute("action") || window.location.href, new FormData(form));
      }
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(enhance);
})();
