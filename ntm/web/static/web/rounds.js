// The reporting map of the rounds page: each commune a point at its centroid (Leaflet, no tile
// layer), coloured by timeliness; names reach the tooltip as text (window.ntm.text), never HTML.
(function () {
  const source = document.getElementById("rounds-map-data");
  const box = document.getElementById("rounds-map");
  if (!source || !box || !window.L) return;
  const points = JSON.parse(source.textContent);
  if (!points.length) return;
  const colours = { on_time: "#1b7f3b", late: "#fb8c00", missing: "#d32f2f" };
  const map = window.L.map(box, { attributionControl: false });
  const markers = points.map((p) => {
    const marker = window.L.circleMarker([p.lat, p.lon], {
      radius: 7, color: "#333", weight: 1, fillColor: colours[p.timeliness], fillOpacity: 0.9,
    }).bindTooltip(window.ntm.text(`${p.name}: ${p.label}`));
    if (p.url) marker.on("click", () => { window.location = p.url; });
    return marker;
  });
  const group = window.L.featureGroup(markers).addTo(map);
  map.fitBounds(group.getBounds().pad(0.1));
})();
