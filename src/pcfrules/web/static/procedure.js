// pcfrules platform, public comment: a click on a clause heading in the standard's text picks
// that clause in the comment form (the form works without it: the clause is a plain select).
"use strict";

document.addEventListener("click", function (event) {
  var select = document.getElementById("clause");
  if (!select) return;
  var heading = event.target.closest(".standard-text.clickable h2, .standard-text.clickable h3, .standard-text.clickable h4, .standard-text.clickable h5, .standard-text.clickable h6");
  if (!heading) return;
  var number = heading.querySelector(".no");
  var section = heading.closest("section[id]");
  var key = number ? number.textContent.trim() : (section ? section.id : "");
  var option = Array.prototype.find.call(select.options, function (o) { return o.dataset.key === key; });
  if (!option) return;
  option.selected = true;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  document.querySelectorAll(".standard-text .picked").forEach(function (e) { e.classList.remove("picked"); });
  heading.classList.add("picked");
  select.focus();
});
