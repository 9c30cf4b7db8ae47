// The console's few live parts, with no library (commune PCs are often offline: nothing from a CDN).
(function () {
  // The reading beside the text, updated as the officer types.
  var text = document.querySelector("textarea[data-reading]");
  if (text) {
    var timer = null;
    var show = function () {
      fetch("/api/reading", { method: "POST", headers: { "Content-Type": "application/json" },
                              body: JSON.stringify({ text: text.value }), credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          document.getElementById("reading").textContent = body.text || "";
          var warnings = [];
          if (body.unknown && body.unknown.length) {
            warnings.push("Chữ viết tắt chưa rõ cách đọc: " + body.unknown.join(", ") + ".");
          }
          if (body.unmarked && body.unmarked.length) {
            warnings.push("Dòng " + body.unmarked.join(", ") + " gõ không dấu: giọng đọc sẽ đọc sai, hãy gõ lại có dấu.");
          }
          document.getElementById("unknown").textContent = warnings.join(" ");
        });
    };
    text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 300); });
    show();
  }
  // The dashboard's live part (on air, the rest of today, the last as-run rows), refreshed without a reload:
  // the server renders it, so everything in it is escaped exactly as in the page.
  var live = document.querySelector("[data-refresh]");
  if (live) {
    setInterval(function () {
      fetch(live.dataset.refresh, { credentials: "same-origin" })
        .then(function (r) {
          if (r.redirected) { window.location.reload(); }  // the session ended: show the login page
          return r.ok && !r.redirected ? r.text() : Promise.reject(r.status);
        })
        .then(function (html) { live.innerHTML = html; })
        .catch(function () { /* the console restarting, a session that ended: try again next time */ });
    }, 3000);
  }
})();
