// The attendance register keeps its ticks on the phone until the server says "saved".
// Without JavaScript the form posts as any form does; with it, every tick is kept in
// localStorage, Salva sends them with fetch (one round trip, no page reload), and ticks
// that could not leave are sent again as soon as the connection is back.
(function () {
  "use strict";
  var form = document.querySelector("form.register-form");
  var status = document.querySelector(".register-status");
  if (!form || !status || !window.fetch || !window.localStorage) {
    return;
  }
  var key = "amalav-register-" + form.dataset.meeting;

  function ticks() {
    var kept = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      kept[radio.name] = radio.value;
    });
    return kept;
  }

  function say(text) {
    status.textContent = text;
  }

  function keepDraft() {
    localStorage.setItem(key, JSON.stringify(ticks()));
  }

  function restoreDraft() {
    var draft = localStorage.getItem(key);
    if (!draft) {
      return false;
    }
    var kept = JSON.parse(draft);
    Object.keys(kept).forEach(function (name) {
      var radio = form.querySelector(
        "input[name='" + CSS.escape(name) + "'][value='" + CSS.escape(kept[name]) + "']"
      );
      if (radio) {
        radio.checked = true;
      }
    });
    return true;
  }

  function save() {
    keepDraft();
    say(status.dataset.savingText);
    return fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        localStorage.removeItem(key);
        say(status.dataset.savedText + " " + answer.saved_at + ".");
      })
      .catch(function () {
        say(status.dataset.offlineText);
      });
  }

  form.addEventListener("change", keepDraft);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });
  window.addEventListener("online", function () {
    if (localStorage.getItem(key)) {
      save();
    }
  });
  if (restoreDraft()) {
    say(status.dataset.draftText);
    if (navigator.onLine) {
      save();
    }
  }
})();
