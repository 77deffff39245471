/* Progress charts: draws each [data-progress-chart] from its JSON data island with the
   vendored Chart.js. x is a day number (days since 1970 in the practice's zone), so the
   browser's own time zone never shifts a date; dates are written in the page's locale
   (data-locale). Visits are dashed vertical lines. The table next to each chart holds the
   same figures; without script the chart stays hidden. */
(function () {
  "use strict";
  var DAY = 86400000;
  var COLOURS = ["#b03a2e", "#1f618d", "#7d3c98", "#117864", "#9a7d0a", "#6e2c00",
    "#2e4053", "#a04000", "#0e6655", "#5b2c6f", "#1a5276"];
  var SHAPES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded",
    "cross", "line", "dash", "circle"];
  function dayFormat(locale) {
    var format;
    try {
      format = new Intl.DateTimeFormat(locale || undefined,
        { timeZone: "UTC", day: "numeric", month: "short" });
    } catch (e) {
      format = new Intl.DateTimeFormat(undefined, { timeZone: "UTC", day: "numeric", month: "short" });
    }
    return function (day) { return format.format(new Date(day * DAY)); };
  }

  var visitLines = {
    id: "visitLines",
    beforeDatasetsDraw: function (chart, args, options) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#6b7280";
      ctx.setLineDash([4, 4]);
      (options.days || []).forEach(function (day) {
        var px = x.getPixelForValue(day);
        if (px < area.left || px > area.right) { return; }
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
      });
      ctx.restore();
    }
  };

  function draw(holder) {
    var island = document.getElementById(holder.getAttribute("data-progress-chart"));
    if (!island || typeof Chart === "undefined") { return; }
    var data = JSON.parse(island.textContent);
    var dayLabel = dayFormat(holder.getAttribute("data-locale") || document.documentElement.lang);
    var days = data.visits.slice();
    var datasets = data.lines.map(function (line, n) {
      line.points.forEach(function (p) { days.push(p.x); });
      return {
        label: line.label,
        data: line.points,
        borderColor: COLOURS[n % COLOURS.length],
        backgroundColor: COLOURS[n % COLOURS.length],
        pointStyle: SHAPES[n % SHAPES.length],
        pointRadius: 4,
        tension: 0
      };
    });
    var first = Math.min.apply(null, days), last = Math.max.apply(null, days);
    holder.hidden = false;
    new Chart(holder.querySelector("canvas"), {
      type: "line",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: { xAxisKey: "x", yAxisKey: "y" },
        scales: {
          x: { type: "linear", min: first - 1, max: last + 1,
            ticks: { stepSize: 7, callback: dayLabel, maxRotation: 0, autoSkip: true } },
          y: { min: data.min, max: data.max, ticks: { precision: 0 } }
        },
        plugins: {
          visitLines: { days: data.visits },
          legend: { display: datasets.length > 1, position: "bottom",
            labels: { usePointStyle: true, boxWidth: 8 } },
          tooltip: { callbacks: {
            title: function (items) { return items.length ? dayLabel(items[0].raw.x) : ""; },
            label: function (item) { return item.dataset.label + ": " + item.raw.shown; }
          } }
        }
      },
      plugins: [visitLines]
    });
  }

  /* The client's page: a picker shows one measure's chart and table at a time. Without
     script the picker stays hidden and every measure is shown. */
  function picker() {
    var holder = document.querySelector("[data-measure-picker]");
    if (!holder) { return; }
    var select = holder.querySelector("select");
    var measures = document.querySelectorAll("[data-measure]");
    function show() {
      measures.forEach(function (m) { m.hidden = m.id !== select.value; });
    }
    select.addEventListener("change", show);
    holder.hidden = false;
    show();
  }

  function start() {
    document.querySelectorAll("[data-progress-chart]").forEach(draw);
    picker();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
