// The search page (search/): runs the words the header's search form sends as ?q=, and keeps
// the address in step with the words typed, so a search can be bookmarked or shared.
(function () {
  "use strict";
  var components = window.PagefindComponents;
  if (!components) return;
  var instance = components.getInstanceManager().getInstance("default");
  // The index is in parts, one for each year (search/parts.py): the others are merged into
  // the main one, so every year is searched at once. Pagefind loads on the first search.
  var config = document.querySelector("pagefind-config[data-merge-index]");
  if (config) instance.options.mergeIndex = JSON.parse(config.getAttribute("data-merge-index"));
  var params = new URLSearchParams(window.location.search);
  var words = (params.get("q") || "").trim();
  if (words) {
    instance.triggerSearch(words);
  } else if (params.has("q")) {
    // The header's button on a phone, pressed with no words: the reader wants to type.
    var input = document.querySelector("pagefind-input input");
    if (input) input.focus();
  }
  instance.on("search", function (term) {
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  });
})();
