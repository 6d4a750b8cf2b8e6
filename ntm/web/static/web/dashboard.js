// Dashboard charts (ECharts) and the centroid map (Leaflet without a tile layer), all served locally.
// Names come from the database: they reach the page as text nodes (Leaflet puts a string tooltip into
// innerHTML) and ECharts' default tooltips, which escape HTML; no custom formatter builds HTML.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const colour = (met, total) => {  // the legend under the map (.sw-* in ntm.css) shows these colours
    if (met === null || met === undefined) return "#9e9e9e";
    const share = met / total;
    return share >= 1 ? "#1b7f3b" : share >= 0.75 ? "#7cb342" : share >= 0.5 ? "#fbc02d" : share >= 0.25 ? "#fb8c00" : "#d32f2f";
  };
  const chart = (id, option, onClick) => {
    const box = document.getElementById(id);
    if (!box || !window.echarts) return;
    const instance = window.echarts.init(box);
    instance.setOption(option);
    if (onClick) instance.on("click", onClick);
    window.addEventListener("resize", () => instance.resize());
  };
  const banding = document.getElementById("chart-banding");
  if (banding) {
    chart("chart-banding", {
      tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
      grid: { top: 48, left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.banding.map((d) => d.name), axisLabel: { rotate: 30, hideOverlap: true } },
      yAxis: { type: "value", name: banding.dataset.label },
      series: data.bands.map((band, i) => ({
        name: band, type: "bar", stack: "bands", data: data.banding.map((d) => d.bands[i]),
      })),
    }, (params) => { window.location = data.banding[params.dataIndex].url; });
  }
  const trend = document.getElementById("chart-trend");
  if (trend && window.ntmTrendChart) window.ntmTrendChart(trend, data.trend);
  const ocop = document.getElementById("chart-ocop");
  if (ocop) {
    chart("chart-ocop", {
      tooltip: {}, xAxis: { type: "category", data: data.ocop.map((o) => o.stars + "★") },
      yAxis: { type: "value", name: ocop.dataset.label },
      series: [{ type: "bar", data: data.ocop.map((o) => o.count) }],
    });
  }
  const mapBox = document.getElementById("map");
  if (mapBox && window.L && data.points.length) {
    const map = window.L.map(mapBox, { attributionControl: false });
    const markers = data.points.map((p) => window.L.circleMarker([p.lat, p.lon], {
      radius: 7, color: "#333", weight: 1, fillColor: colour(p.met, p.total), fillOpacity: 0.9,
    }).bindTooltip(window.ntm.text(`${p.name}: ${p.met === null ? mapBox.dataset.labelMissing : p.met + "/" + p.total}`))
      .on("click", () => { window.location = p.url; }));
    const group = window.L.featureGroup(markers).addTo(map);
    map.fitBounds(group.getBounds().pad(0.1));
  }
})();
