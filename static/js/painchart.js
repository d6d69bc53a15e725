// The pain chart: mark on the body map where it hurts, how much (0-10) and what it feels like.
// Each change is written as JSON into the form's hidden `pain_chart` input, in the shape
// clinic/painchart.py validates. Without JavaScript the form's plain number fields (the
// fallback) do the same job, so this script hides and disables them.
(function () {
  "use strict";
  const OVERALL = ["worst", "least", "average", "now"];
  const PAIN_CLASSES = Array.from({ length: 11 }, (_, n) => "pain-" + n);
  const SVG = "http://www.w3.org/2000/svg";

  const placeKey = (region, side) => region + ":" + side;

  // A whole number from 0 to 10 typed into an input, or null.
  function painNumber(text) {
    const value = String(text).trim();
    return /^\d{1,2}$/.test(value) && Number(value) <= 10 ? Number(value) : null;
  }

  function make(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  function setup(root) {
    const prefix = root.dataset.fieldPrefix || "";
    const hidden = root.querySelector('input[name="' + prefix + 'pain_chart"]');
    const interactive = root.querySelector("[data-bm-interactive]");
    const fallback = root.querySelector("[data-bm-fallback]");
    const editor = root.querySelector("[data-bm-editor]");
    const list = root.querySelector("[data-bm-marks]");
    const placeList = root.querySelector("[data-bm-place-list]");
    if (!hidden || !interactive || !editor || !list) return;

    const title = editor.querySelector("[data-bm-editor-title]");
    const range = editor.querySelector("[data-bm-intensity-range]");
    const number = editor.querySelector("[data-bm-intensity]");
    const error = editor.querySelector("[data-bm-editor-error]");
    const status = root.querySelector("[data-bm-status]");
    const qualityBoxes = Array.from(editor.querySelectorAll("[data-bm-quality]"));
    const qualityLabels = new Map(qualityBoxes.map((box) => [box.value, box.dataset.label]));
    const neuropathic = new Set(
      qualityBoxes.filter((box) => "neuropathic" in box.dataset).map((box) => box.value)
    );
    const overallInputs = OVERALL.map((key) =>
      root.querySelector('[name="' + prefix + "pain_" + key + '"]')
    );
    // Regions in drawing order: front then back, head to toe. Marks are listed in it too.
    const regions = Array.from(root.querySelectorAll(".bm-region"));
    const keyOf = (element) => placeKey(element.dataset.region, element.dataset.side);
    const byPlace = new Map(regions.map((element) => [keyOf(element), element]));
    const order = new Map(regions.map((element, index) => [keyOf(element), index]));
    const marks = new Map(); // place key -> {region, side, intensity, qualities}
    let current = null; // the region whose mark is being edited

    // --- The chart's state ---------------------------------------------------------------

    function addMark(region, side, intensity, qualities) {
      const key = placeKey(region, side);
      if (!byPlace.has(key) || marks.has(key) || !Number.isInteger(intensity)) return;
      if (intensity < 0 || intensity > 10) return;
      const known = Array.isArray(qualities) ? qualities : [];
      // Qualities in the vocabulary's order, unknown ones dropped.
      const names = qualityBoxes.map((box) => box.value).filter((q) => known.includes(q));
      marks.set(key, { region: region, side: side, intensity: intensity, qualities: names });
    }

    // The chart the page came with. Empty or broken JSON starts an empty chart; marks that
    // don't fit the body map are dropped.
    function readInitial() {
      let data = null;
      try {
        data = JSON.parse(hidden.value);
      } catch (exception) {
        data = null;
      }
      const raw = data && Array.isArray(data.marks) ? data.marks : [];
      raw.forEach((mark) => {
        if (mark && typeof mark === "object") {
          addMark(mark.region, mark.side, mark.intensity, mark.qualities);
        }
      });
      if (hidden.value.trim() === "" && fallback) {
        // Numbers typed into the plain fields (say before JavaScript loaded) are kept.
        fallback.querySelectorAll("input[name]").forEach((input) => {
          const match = input.name.slice(prefix.length).match(/^pain_(.+)_([LRM])$/);
          const intensity = painNumber(input.value);
          if (match && intensity !== null) addMark(match[1], match[2], intensity, []);
        });
      }
    }

    function sortedMarks() {
      return Array.from(marks.keys())
        .sort((a, b) => order.get(a) - order.get(b))
        .map((key) => marks.get(key));
    }

    function write() {
      const chart = {
        marks: sortedMarks().map((mark) => ({
          region: mark.region,
          side: mark.side,
          intensity: mark.intensity,
          qualities: mark.qualities.slice(),
        })),
      };
      OVERALL.forEach((key, index) => {
        const input = overallInputs[index];
        chart[key] = input ? painNumber(input.value) : null;
      });
      hidden.value = JSON.stringify(chart);
    }

    // --- Showing it ----------------------------------------------------------------------

    function describe(mark) {
      const label = byPlace.get(placeKey(mark.region, mark.side)).getAttribute("aria-label");
      const qualities = mark.qualities.map((q) => qualityLabels.get(q).toLowerCase()).join(", ");
      const strength = mark.intensity + "/10";
      return {
        label: label,
        strength: strength,
        qualities: qualities,
        title: label + ": " + strength + (qualities ? ", " + qualities : ""),
        neuropathic: mark.qualities.some((q) => neuropathic.has(q)),
      };
    }

    function paintRegion(element) {
      const mark = marks.get(keyOf(element));
      element.classList.remove("bm-marked", ...PAIN_CLASSES);
      if (mark) element.classList.add("bm-marked", "pain-" + mark.intensity);
      element.setAttribute("aria-pressed", mark ? "true" : "false");
      const tooltip = element.querySelector("title");
      if (tooltip) {
        tooltip.textContent = mark ? describe(mark).title : element.getAttribute("aria-label");
      }
    }

    function markItem(mark) {
      const about = describe(mark);
      const item = make("li");
      const button = make("button", "bm-mark-button");
      item.dataset.region = button.dataset.region = mark.region;
      item.dataset.side = button.dataset.side = mark.side;
      button.type = "button";
      const swatch = make("span", "bm-swatch pain-" + mark.intensity);
      swatch.setAttribute("aria-hidden", "true");
      button.append(swatch, about.label + ": ", make("strong", "", about.strength));
      if (about.qualities) button.append(", " + about.qualities);
      if (about.neuropathic) {
        button.append(" ", make("span", "badge bm-nerve-badge", "nerve pain signs"));
      }
      item.append(button);
      return item;
    }

    function render() {
      regions.forEach(paintRegion);
      const items = sortedMarks().map(markItem);
      if (items.length === 0) items.push(make("li", "bm-marks-empty text-muted", "No places marked yet."));
      list.replaceChildren(...items);
    }

    function changed(message) {
      render();
      write();
      if (status) status.textContent = message;
    }

    // A ring drawn on top of each figure, so the focused or chosen place shows its whole
    // outline (a region's own stroke is half hidden by the neighbours drawn after it).
    // A region is a polygon clipped to the body, so its ring is two strokes: the polygon's
    // edge inside the body, and the body's edge inside the polygon.
    const rings = new Map();
    let ringCount = 0;
    function strokes(parent, d) {
      return ["bm-ring bm-ring-halo", "bm-ring"].map((className) => {
        const path = document.createElementNS(SVG, "path");
        path.setAttribute("class", className);
        if (d) path.setAttribute("d", d);
        parent.append(path);
        return path;
      });
    }
    root.querySelectorAll(".bm-svg").forEach((svg) => {
      const clipId = "bm-ring-clip-" + (ringCount += 1);
      const clip = document.createElementNS(SVG, "clipPath");
      const clipShape = document.createElementNS(SVG, "path");
      clip.id = clipId;
      clip.append(clipShape);
      svg.querySelector("defs").append(clip);
      const group = document.createElementNS(SVG, "g");
      group.setAttribute("aria-hidden", "true");
      group.setAttribute("visibility", "hidden");
      const inside = document.createElementNS(SVG, "g");
      inside.setAttribute("clip-path", svg.querySelector(".bm-regions").getAttribute("clip-path"));
      const edge = document.createElementNS(SVG, "g");
      edge.setAttribute("clip-path", "url(#" + clipId + ")");
      strokes(edge, svg.querySelector(".bm-body").getAttribute("d"));
      group.append(inside, edge);
      svg.append(group);
      rings.set(svg, { group: group, clipShape: clipShape, paths: strokes(inside) });
    });

    function showRing() {
      const focused = document.activeElement;
      const keyboard = regions.includes(focused) && focused.matches(":focus-visible");
      const target = keyboard ? focused : current;
      rings.forEach((ring, svg) => {
        const here = Boolean(target) && svg.contains(target);
        ring.group.setAttribute("visibility", here ? "visible" : "hidden");
        if (!here) return;
        const d = target.getAttribute("d");
        ring.clipShape.setAttribute("d", d);
        ring.paths.forEach((path) => path.setAttribute("d", d));
      });
    }

    // --- The editor ----------------------------------------------------------------------

    function setIntensity(value) {
      const unset = value === null;
      number.value = unset ? "" : String(value);
      range.value = unset ? "0" : String(value);
      range.classList.toggle("bm-unset", unset);
      error.textContent = "";
    }

    function open(element) {
      current = element;
      const mark = marks.get(keyOf(element));
      title.textContent = element.getAttribute("aria-label");
      setIntensity(mark ? mark.intensity : null);
      qualityBoxes.forEach((box) => {
        box.checked = Boolean(mark) && mark.qualities.includes(box.value);
      });
      editor.hidden = false;
      root.classList.add("bm-editing");
      showRing();
      keepInView(element);
      range.focus({ preventScroll: true }); // arrow keys set it; on touch, no keyboard pops up
    }

    // On narrow screens the editor is a sheet over the bottom of the screen: scroll the
    // chosen place above it.
    function keepInView(element) {
      if (window.getComputedStyle(editor).position !== "fixed") return;
      const sheetTop = editor.getBoundingClientRect().top;
      const place = element.getBoundingClientRect();
      if (place.bottom > sheetTop - 16) window.scrollBy(0, place.bottom - sheetTop + 32);
    }

    function close(returnFocus) {
      const element = current;
      editor.hidden = true;
      root.classList.remove("bm-editing");
      current = null;
      showRing();
      if (returnFocus && element) element.focus();
    }

    function save() {
      if (!current) return;
      const intensity = painNumber(number.value);
      if (intensity === null) {
        error.textContent = "Give a whole number from 0 to 10 for the pain here.";
        number.focus();
        return;
      }
      const checked = qualityBoxes.filter((box) => box.checked).map((box) => box.value);
      const key = keyOf(current);
      marks.delete(key);
      addMark(current.dataset.region, current.dataset.side, intensity, checked);
      changed(current.getAttribute("aria-label") + " marked " + intensity + " out of 10.");
      close(true);
    }

    function clear() {
      if (!current) return;
      marks.delete(keyOf(current));
      changed(current.getAttribute("aria-label") + " cleared.");
      close(true);
    }

    // --- Moving between places: one tab stop for the map, the arrow keys inside it --------

    const ARROWS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

    function centre(element) {
      const box = element.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }

    // The nearest place in the arrow's direction as the figures lie on the screen (side by
    // side, or one above the other on a phone): within 45 degrees of the arrow, a step
    // across it counting double.
    function nextPlace(from, [dx, dy]) {
      const start = centre(from);
      let best = null;
      let bestScore = Infinity;
      regions.forEach((element) => {
        const at = centre(element);
        const along = (at.x - start.x) * dx + (at.y - start.y) * dy;
        const across = Math.abs(dx ? at.y - start.y : at.x - start.x);
        const score = along + 2 * across;
        if (element !== from && along > 0.5 && along >= across && score < bestScore) {
          best = element;
          bestScore = score;
        }
      });
      return best;
    }

    function makeTabStop(element) {
      regions.forEach((each) => each.setAttribute("tabindex", each === element ? "0" : "-1"));
    }

    // --- Events --------------------------------------------------------------------------

    regions.forEach((element) => {
      element.addEventListener("click", () => open(element));
      element.addEventListener("focus", () => makeTabStop(element));
      element.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault(); // no page scroll on Space, no form submit on Enter
          open(element);
        } else if (event.key === "Escape" && current) {
          close(true);
        } else if (ARROWS[event.key]) {
          event.preventDefault(); // the arrows move between places, never scroll the page
          const next = nextPlace(element, ARROWS[event.key]);
          if (next) next.focus();
        }
      });
    });
    if (placeList) {
      placeList.addEventListener("click", (event) => {
        const button = event.target.closest("[data-bm-place]");
        if (button) open(byPlace.get(placeKey(button.dataset.region, button.dataset.side)));
      });
      // On a phone the smallest places are too small to tap: the list is open there.
      placeList.open = window.matchMedia("(max-width: 575.98px)").matches;
    }
    root.addEventListener("focusin", showRing);
    root.addEventListener("focusout", () => window.setTimeout(showRing, 0));

    range.addEventListener("input", () => {
      number.value = range.value;
      range.classList.remove("bm-unset");
      error.textContent = "";
    });
    number.addEventListener("input", () => {
      const value = painNumber(number.value);
      if (value !== null) range.value = String(value);
      range.classList.toggle("bm-unset", value === null);
    });
    editor.querySelector("[data-bm-save]").addEventListener("click", save);
    editor.querySelector("[data-bm-clear]").addEventListener("click", clear);
    editor.querySelector("[data-bm-close]").addEventListener("click", () => close(true));
    editor.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault(); // Enter in the editor saves the mark, never the whole form
        save();
      }
    });
    list.addEventListener("click", (event) => {
      const button = event.target.closest(".bm-mark-button");
      if (button) open(byPlace.get(placeKey(button.dataset.region, button.dataset.side)));
    });
    overallInputs.forEach((input) => {
      if (input) input.addEventListener("input", write);
    });
    const form = root.closest("form");
    if (form) form.addEventListener("submit", write);

    // --- Start: the map replaces the plain fields --------------------------------------

    readInitial();
    if (fallback) {
      fallback.classList.add("bm-fallback-off");
      fallback.hidden = true;
      // Disabled fields are not submitted: the JSON alone carries the marks.
      fallback.querySelectorAll("input, select, textarea").forEach((input) => {
        input.disabled = true;
      });
    }
    interactive.hidden = false;
    makeTabStop(regions[0]);
    render();
  }

  document.querySelectorAll("[data-pain-chart]").forEach(setup);
})();
