// "Dove abiti?" on /gruppi/: as she types the name of a comune, the groups are sorted by
// distance and the map marks her town, with no request. Without JavaScript the same form
// is a plain GET that the server answers with the same list (amalav/views.py group_list).
(function () {
  "use strict";
  var input = document.getElementById("comune");
  var list = document.getElementById("gruppi-vicini");
  var svg = document.querySelector(".province-map svg");
  if (!input || !list || !svg) {
    return;
  }
  // The server's rule (groups/towns.py normalise): no accents, case, apostrophes, hyphens.
  function fold(name) {
    return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019`.\-]/g, " ").replace(/\s+/g, " ").trim();
  }
  var towns = {};
  svg.querySelectorAll(".map-towns circle").forEach(function (circle) {
    var name = circle.querySelector("title").textContent;
    towns[fold(name)] = {
      name: name,
      x: parseFloat(circle.getAttribute("cx")),
      y: parseFloat(circle.getAttribute("cy"))
    };
  });
  var unitsPerKm = parseFloat(svg.getAttribute("data-km"));
  var heading = document.getElementById("vicini-titolo");
  var status = document.getElementById("vicini-stato");
  var marker = svg.querySelector(".map-here");
  var items = Array.prototype.filter.call(list.children, function (item) {
    return towns[fold(item.getAttribute("data-town") || "")];
  });
  var shown = "";

  function words(template, town, km) {
    return template.replace("{town}", town).replace("{km}", km);
  }

  function sortFrom(here) {
    items.forEach(function (item) {
      var town = towns[fold(item.getAttribute("data-town"))];
      item.km = Math.round(Math.hypot(town.x - here.x, town.y - here.y) / unitsPerKm);
      var distance = item.querySelector(".distance");
      var template = list.getAttribute(item.km < 1 ? "data-here-text" : "data-km-text");
      distance.textContent = words(template, town.name, item.km);
      distance.hidden = false;
    });
    items.slice().sort(function (a, b) {
      return a.km - b.km || a.getAttribute("data-town").localeCompare(b.getAttribute("data-town"));
    }).forEach(function (item) {
      list.appendChild(item);
    });
    heading.textContent = heading.getAttribute("data-near") + " " + here.name;
    status.textContent = words(list.getAttribute("data-sorted-text"), here.name, "");
    var ring = marker.querySelector("circle");
    var label = marker.querySelector("text");
    ring.setAttribute("cx", here.x);
    ring.setAttribute("cy", here.y);
    label.setAttribute("x", here.x + 10);
    label.setAttribute("y", here.y + 4);
    label.setAttribute("text-anchor", "start");
    label.textContent = here.name;
    marker.removeAttribute("display");
    document.getElementById("mappa-qui").hidden = false;
    document.getElementById("mappa-qui-nome").textContent = here.name;
    // The address she can bookmark or share is the one the server answers without JavaScript.
    history.replaceState(null, "", "?comune=" + encodeURIComponent(here.name));
  }

  input.addEventListener("input", function () {
    var here = towns[fold(input.value)];
    if (here && here.name !== shown) {
      shown = here.name;
      sortFrom(here);
    }
  });
}());
