// The dashboard's two charts. Data comes from the JSON endpoint named in each canvas's data-source (no inline
// script: the Content-Security-Policy forbids it). Colours are read from the design system's custom properties.
(function () {
  "use strict";
  var canvases = document.querySelectorAll("canvas[data-source]");
  if (!canvases.length || typeof Chart === "undefined") {
    return;
  }
  var style = getComputedStyle(document.documentElement);
  function colour(name, fallback) {
    var value = style.getPropertyValue(name).trim();
    return value || fallback;
  }
  var source = canvases[0].getAttribute("data-source");
  fetch(source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      Chart.defaults.color = colour("--text-muted", "#475569");
      Chart.defaults.borderColor = colour("--border", "#cbd5e1");
      canvases.forEach(function (canvas) {
        var series = canvas.getAttribute("data-series");
        if (series === "mrr") {
          new Chart(canvas, {
            type: "line",
            data: {
              labels: data.labels,
              datasets: [{ label: "MRR (" + data.currency + ")", data: data.mrr.map(Number),
                borderColor: colour("--brand", "#1d4ed8"), backgroundColor: colour("--brand", "#1d4ed8"),
                tension: 0.2 }]
            },
            options: { responsive: true, maintainAspectRatio: false, animation: false,
              scales: { y: { beginAtZero: true } } }
          });
        } else {
          new Chart(canvas, {
            type: "bar",
            data: {
              labels: data.labels,
              datasets: [
                { label: "New", data: data.started, backgroundColor: colour("--success", "#166534") },
                { label: "Churned", data: data.churned, backgroundColor: colour("--danger", "#b91c1c") }
              ]
            },
            options: { responsive: true, maintainAspectRatio: false, animation: false,
              scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
          });
        }
      });
    })
    .catch(function () {
      canvases.forEach(function (canvas) {
        canvas.setAttribute("aria-label", "The chart could not be loaded; the table below has the same figures.");
      });
    });
})();
