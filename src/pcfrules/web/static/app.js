// pcfrules platform: the little script every page loads (the CSP allows no inline script).
"use strict";

// htmx requests carry the page's CSRF token, as forms do in their hidden field.
document.addEventListener("htmx:configRequest", function (event) {
  event.detail.headers["X-CSRF-Token"] = document.body.dataset.csrf || "";
});

// Charts: an element with data-chart="ID" is drawn with ECharts from the JSON in #ID.
function drawCharts(root) {
  if (typeof echarts === "undefined") return;
  root.querySelectorAll("[data-chart]").forEach(function (element) {
    if (element.dataset.drawn) return;
    var source = document.getElementById(element.dataset.chart);
    if (!source) return;
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(JSON.parse(source.textContent));
    element.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  });
}
document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });

// A button with data-confirm asks first.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
