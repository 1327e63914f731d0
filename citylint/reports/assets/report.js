// Filters by severity, file and lock-in origin. Values are short ids written by citylint, never data.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var status = document.getElementById("filter-status");
  var template = status.getAttribute("data-template") || "{shown} / {total}";
  function words(value) { return value ? value.split(" ") : []; }
  function apply() {
    var severities = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) { severities[box.value] = box.checked; });
    var file = form.elements.file.value;
    var origin = form.elements.origin.value;
    var notices = document.querySelectorAll(".notice");
    var shown = 0;
    notices.forEach(function (notice) {
      var visible = severities[notice.getAttribute("data-severity")] === true;
      if (origin === "*") { visible = visible && notice.getAttribute("data-lockin") === "yes"; }
      else if (origin) { visible = visible && words(notice.getAttribute("data-origins")).indexOf(origin) >= 0; }
      if (file) { visible = visible && words(notice.getAttribute("data-files")).indexOf(file) >= 0; }
      notice.querySelectorAll("tr[data-file]").forEach(function (row) {
        row.hidden = Boolean(file) && row.getAttribute("data-file") !== file;
      });
      notice.hidden = !visible;
      if (visible) { shown += 1; }
    });
    status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(notices.length));
  }
  form.addEventListener("change", apply);
  apply();
}());
