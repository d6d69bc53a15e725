// Loads a day's free times without reloading the page; the plain form still works without it.
(function () {
  "use strict";
  const picker = document.getElementById("day-picker");
  const slotForm = document.getElementById("slot-form");
  if (!picker || !slotForm) return;

  const list = document.getElementById("slot-list");
  const heading = document.getElementById("slot-heading");
  const serviceInput = document.getElementById("slot-service");
  const serviceField = picker.elements.namedItem("service");
  const dateField = picker.elements.namedItem("date");
  picker.querySelectorAll(".js-hidden").forEach((el) => el.classList.add("d-none"));

  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // "Sun 29 Nov 2026", as the server writes a day.
  function dayText(isoDate) {
    const day = new Date(isoDate + "T00:00:00Z");
    return [
      WEEKDAYS[day.getUTCDay()], day.getUTCDate(), MONTHS[day.getUTCMonth()], day.getUTCFullYear(),
    ].join(" ");
  }

  function message(text) {
    const p = document.createElement("p");
    p.className = "text-muted mb-0";
    p.textContent = text;
    list.replaceChildren(p);
  }

  function slotButton(slot) {
    const button = document.createElement("button");
    button.type = "submit";
    button.name = "start";
    button.value = slot.start;
    button.className = "btn btn-outline-primary slot";
    button.textContent = slot.start.slice(11, 16); // the clinic's wall-clock time
    return button;
  }

  async function load() {
    if (!serviceField.value || !dateField.value) return;
    serviceInput.value = serviceField.value;
    const query = new URLSearchParams({
      service: serviceField.value,
      start: dateField.value,
      days: "1",
      therapist: picker.dataset.therapist,
    });
    heading.textContent = "Free times on " + dayText(dateField.value) + " (clinic time):";
    list.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(picker.dataset.slotsUrl + "?" + query, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        message("Choose a valid day to see free times.");
        return;
      }
      const data = await response.json();
      if (data.slots.length === 0) {
        message("No free times on this day. Try another day.");
      } else {
        list.replaceChildren(...data.slots.map(slotButton));
      }
    } catch (error) {
      message("Free times could not be loaded. Check your connection and try again.");
    } finally {
      list.removeAttribute("aria-busy");
    }
  }

  // The week strip is drawn by the server: a day outside it, or another service, loads the
  // page again so the strip follows.
  const strip = document.getElementById("week-strip");

  function stripDay(isoDate) {
    return strip && strip.querySelector('a[data-date="' + isoDate + '"]');
  }

  function markShown(isoDate) {
    strip.querySelectorAll("a[data-date]").forEach((link) => {
      const shown = link.dataset.date === isoDate;
      link.classList.toggle("btn-primary", shown);
      link.classList.toggle("btn-outline-secondary", !shown);
      if (shown) link.setAttribute("aria-current", "date");
      else link.removeAttribute("aria-current");
    });
  }

  function show(event) {
    if (strip && (event.target === serviceField || !stripDay(dateField.value))) {
      picker.submit();
      return;
    }
    if (strip) markShown(dateField.value);
    load();
  }

  picker.addEventListener("change", show);
  picker.addEventListener("submit", (event) => {
    event.preventDefault();
    show(event);
  });
})();
