// The trend page's chart: panels per scale, series per criteria set (trendchart.js).
(function () {
  const data = document.getElementById("trend-data");
  if (!data || !window.ntmTrendChart) return;
  window.ntmTrendChart(document.getElementById("trend-chart"), JSON.parse(data.textContent));
})();
