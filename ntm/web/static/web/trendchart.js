// A trend chart that never mixes criteria sets (the data comes from ntm/web/trend_chart.py): one
// panel per scale (19 criteria, 10 criteria), side by side, each with its own axis; one series per
// set (and unit measured), nulls drawn as gaps; plan targets as dashed lines with diamonds; counts
// of units meeting the standard as bars in a second row. The legend sits alone on top (scrolling,
// never over the axis labels) and every grid keeps its labels inside (containLabel).
(function () {
  const PALETTE = ["#1b7f3b", "#1565c0", "#8e24aa", "#ef6c00", "#00838f", "#6d4c41", "#c62828", "#546e7a"];

  function option(data, labels) {
    const panels = data.panels;
    const withBars = panels.some((p) => p.series.some((s) => s.counts));
    const weights = panels.map((p) => Math.max(p.years.length, 5));
    const total = weights.reduce((a, b) => a + b, 0);
    const gap = 4;
    const usable = 96 - gap * (panels.length - 1);
    const colours = {};
    const colour = (name) => {
      if (!(name in colours)) colours[name] = PALETTE[Object.keys(colours).length % PALETTE.length];
      return colours[name];
    };
    const grids = [], xAxes = [], yAxes = [], series = [], titles = [];
    let left = 2;
    panels.forEach((panel, i) => {
      const width = (usable * weights[i]) / total;
      const rows = withBars ? [{ top: 78, bottom: "42%" }, { top: "64%", bottom: 8 }] : [{ top: 78, bottom: 8 }];
      titles.push({ text: panel.title, left: `${left}%`, top: 34, textStyle: { fontSize: 13, fontWeight: "normal" } });
      rows.forEach((row, r) => {
        const index = grids.length;
        grids.push({ left: `${left}%`, width: `${width}%`, top: row.top, bottom: row.bottom, containLabel: true });
        xAxes.push({ type: "category", gridIndex: index, data: panel.years.map(String), axisLabel: { hideOverlap: true } });
        // the measure is named once, on the first panel; the others carry their scale in the title
        const name = i === 0 ? (r === 0 ? labels.line : labels.bar) : "";
        yAxes.push({ type: "value", gridIndex: index, min: 0, max: r === 0 ? panel.max : null, minInterval: 1,
          name: name, nameTextStyle: { align: "left" },
          // 19 is off the automatic ticks (…, 15, 18): its label would sit on 18's; the title says 19
          axisLabel: { showMaxLabel: r !== 0 || panel.max % 2 === 0 } });
        panel.series.forEach((s) => {
          if (r === 0) {
            series.push({ name: s.name, type: "line", xAxisIndex: index, yAxisIndex: index, data: s.values,
              connectNulls: false, showSymbol: true, showAllSymbol: true, color: colour(s.name) });
          } else if (s.counts) {
            series.push({ name: s.name, type: "bar", xAxisIndex: index, yAxisIndex: index, data: s.counts,
              color: colour(s.name) });
          }
        });
        panel.targets.filter((t) => t.bar === (r === 1)).forEach((t) => {
          series.push({ name: t.name, type: "line", xAxisIndex: index, yAxisIndex: index, data: t.values,
            connectNulls: false, symbol: "diamond", symbolSize: 11, lineStyle: { type: "dashed" }, color: colour(t.name) });
        });
      });
      left += width + gap;
    });
    return {
      animation: false,  // a year standing alone between gaps is a symbol that must be drawn at once
      title: titles,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0, left: "center", width: "92%" },
      grid: grids, xAxis: xAxes, yAxis: yAxes, series: series,
    };
  }

  window.ntmTrendChart = function (box, data) {
    if (!box || !window.echarts || !data || !data.panels.length) return null;
    const chart = window.echarts.init(box);
    chart.setOption(option(data, { line: box.dataset.labelLine, bar: box.dataset.labelBar }));
    window.addEventListener("resize", () => chart.resize());
    return chart;
  };
})();
