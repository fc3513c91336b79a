// Filter box of the long checkbox lists (core/widgets.py). Without it the
// lists still work: grouped and folded, the chosen ones named in the summary.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll(".picker-filter").forEach(function (box) {
    var body = box.parentElement;
    box.hidden = false;
    box.addEventListener("input", function () {
      var q = fold(box.value.trim());
      body.querySelectorAll(".picker-option").forEach(function (option) {
        option.hidden = q !== "" && fold(option.textContent).indexOf(q) < 0;
      });
      body.querySelectorAll(".picker-group").forEach(function (group) {
        group.hidden = !group.querySelector(".picker-option:not([hidden])");
      });
    });
  });
})();
