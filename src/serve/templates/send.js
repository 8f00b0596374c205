// The Send page's progress, without reloading: /send/progress asked every second while the
// send runs. Served from the binary (no inline script: the pages' policy forbids it).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) {
    return;
  }
  function field(name) {
    return box.querySelector('[data-field="' + name + '"]');
  }
  function show(progress) {
    ["of", "counts", "left", "state"].forEach(function (name) {
      field(name).textContent = progress[name];
    });
    var said = field("said");
    while (said.firstChild) {
      said.removeChild(said.firstChild);
    }
    progress.said.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      said.appendChild(item);
    });
    document.getElementById("pause").hidden = !progress.running;
    document.getElementById("resume").hidden = !progress.resumable;
  }
  function ask() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.running) {
          window.setTimeout(ask, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(ask, 2000);
      });
  }
  ask();
})();
