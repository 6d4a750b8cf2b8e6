// Trend chart: average criteria per unit and units meeting the standard, by year (ECharts, served locally).
(function () {
  const box = document.getElementById("trend-chart");
  const data = document.getElementById("trend-data");
  if (!box || !data || !window.echarts) return;
  const points = JSON.parse(data.textContent);
  const chart = window.echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: {},
    xAxis: { type: "category", data: points.map((p) => String(p.year)) },
    yAxis: [{ type: "value", name: box.dataset.labelAverage }, { type: "value", name: box.dataset.labelMet }],
    series: [
      { name: box.dataset.labelAverage, type: "line", data: points.map((p) => p.average) },
      { name: box.dataset.labelMet, type: "bar", yAxisIndex: 1, data: points.map((p) => p.standard_met) },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
