// The desk's calendar: drag an appointment onto a free cell to open the page that confirms
// the move. Without this script every appointment's popover links to the same page.
(function () {
  "use strict";

  const grid = document.querySelector("[data-desk-grid]");
  if (!grid) {
    return;
  }
  let dragged = null;

  function dropCell(event) {
    return dragged ? event.target.closest("[data-drop]") : null;
  }

  function unmark() {
    grid.querySelectorAll(".drop-target").forEach((cell) => cell.classList.remove("drop-target"));
  }

  grid.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-move]");
    if (dragged) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.appointment);
    }
  });

  grid.addEventListener("dragover", (event) => {
    const cell = dropCell(event);
    if (cell) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      unmark();
      cell.classList.add("drop-target");
    }
  });

  grid.addEventListener("dragleave", (event) => {
    const cell = dropCell(event);
    if (cell && !cell.contains(event.relatedTarget)) {
      cell.classList.remove("drop-target");
    }
  });

  grid.addEventListener("drop", (event) => {
    const cell = dropCell(event);
    if (!cell) {
      return;
    }
    event.preventDefault();
    const query = new URLSearchParams({
      therapist: cell.dataset.therapist,
      start: cell.dataset.start,
      next: grid.dataset.next,
    });
    window.location.assign(dragged.dataset.move + "?" + query.toString());
  });

  grid.addEventListener("dragend", () => {
    dragged = null;
    unmark();
  });
})();
