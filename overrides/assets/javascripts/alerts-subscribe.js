// The subscribe page's postcode finder (subscribe/): a postcode such as "PE15 8AB" (any
// case, with or without the space) or its district "PE15" takes the reader to their area's
// page; a district in two areas offers both. The districts are read from the page's table,
// which readers without JavaScript use instead; the form stays hidden for them.
(function () {
  "use strict";
  var form = document.getElementById("ca-finder");
  var input = document.getElementById("ca-postcode");
  var result = document.getElementById("ca-finder-result");
  if (!form || !input || !result) return;

  // District -> the areas it is in, each {name, href}, in the table's order.
  var areas = {};
  document.querySelectorAll("tr[data-districts]").forEach(function (row) {
    var link = row.querySelector("a");
    row.getAttribute("data-districts").split(" ").forEach(function (district) {
      (areas[district] = areas[district] || []).push({ name: link.textContent, href: link.href });
    });
  });

  // A whole postcode's inward part is a digit and two letters ("8AB"); without it, the
  // text must be a district on its own. Backtracking splits "CB21AB" as CB2 1AB.
  var POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})?$/;
  var EXAMPLE = "for example PE15 8AB, or just the first part, PE15";

  function say(parts, isError) {
    // Emptied first, so the same message given twice is announced twice.
    result.textContent = "";
    input.setAttribute("aria-invalid", isError ? "true" : "false");
    result.className = "ca-finder__result" + (isError ? " ca-finder__result--error" : "");
    window.setTimeout(function () {
      var paragraph = document.createElement("p");
      parts.forEach(function (part) { paragraph.append(part); });
      result.append(paragraph);
    }, 50);
  }

  function areaLink(area) {
    var link = document.createElement("a");
    link.href = area.href;
    link.textContent = area.name;
    return link;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = input.value.trim();
    if (!typed) {
      say(["Type your postcode, " + EXAMPLE + "."], true);
      return;
    }
    var match = POSTCODE.exec(typed.toUpperCase().replace(/\s+/g, ""));
    if (!match) {
      say(["\u201c" + typed + "\u201d is not a postcode. Type your postcode as it is written on a letter, " + EXAMPLE + "."], true);
      return;
    }
    var district = match[1];
    var found = areas[district];
    if (!found) {
      say(["We have no area for postcodes starting " + district + ": it is outside the areas we cover. Check the postcode, or find your area in the table below."], true);
      return;
    }
    if (found.length === 1) {
      say(["Your area is ", areaLink(found[0]), ". Opening its page\u2026"], false);
      window.location.assign(found[0].href);
      return;
    }
    var parts = ["Postcodes starting " + district + " are in more than one area. Choose yours: "];
    found.forEach(function (area, index) {
      if (index > 0) parts.push(index === found.length - 1 ? " or " : ", ");
      parts.push(areaLink(area));
    });
    parts.push(".");
    say(parts, false);
  });

  form.hidden = false;
})();
