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
          document.getElementById("unknown").textContent =
            body.unknown && body.unknown.length ? "Chữ viết tắt chưa rõ cách đọc: " + body.unknown.join(", ") : "";
        });
    };
    text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 300); });
    show();
  }
  // What is on air, refreshed without reloading the page.
  var onAir = document.querySelector("[data-refresh]");
  if (onAir) {
    setInterval(function () {
      fetch(onAir.dataset.refresh, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          var now = body.on_air;
          document.getElementById("on-air-text").textContent =
            now ? now.program + ": " + now.item + " (từ " + now.started_at.slice(11, 19) + ")" : "Không phát gì.";
        });
    }, 5000);
  }
})();
