// The session note editor: treated points are added from a muscle search, from the
// suggestions, or from the client's pain chart (tap a place, pick a muscle that lies
// there). Each adds a row to the "points" formset, cloned from <template id="point-template">.
// Without JavaScript the server's formset, with its one blank row, does the same job.
// Each row warns as soon as it breaks a limit of the client's screening (the limits come
// from <script id="screening-limits" type="application/json">); signing then asks why.
(function () {
  "use strict";
  const form = document.getElementById("note-form");
  const rows = document.getElementById("point-rows");
  const template = document.getElementById("point-template");
  if (!form || !rows || !template) return;

  const PREFIX = "points";
  const total = form.elements.namedItem(PREFIX + "-TOTAL_FORMS");
  const maxForms = form.elements.namedItem(PREFIX + "-MAX_NUM_FORMS");
  const search = document.getElementById("muscle-search");
  const addButton = document.getElementById("add-point");
  const status = document.getElementById("point-status");
  const OTHER = "other";
  const SIDE_WORDS = { L: "left", R: "right", M: "midline" };
  // What a new point starts with; the therapist changes what differs.
  const DEFAULTS = {
    activity: "active",
    technique: "ischemic_compression",
    pressure: "3",
    duration_seconds: "60",
    response: "released",
  };
  const SVG = "http://www.w3.org/2000/svg";

  // The muscle catalogue, as the datalist carries it.
  const muscles = Array.from(document.querySelectorAll("#muscle-list option")).map((option) => ({
    id: option.dataset.muscle,
    name: option.value,
    liesIn: option.dataset.liesIn,
  }));
  const byId = new Map(muscles.map((muscle) => [muscle.id, muscle]));
  const suggestions = Array.from(document.querySelectorAll("#suggestions li[data-muscle]"));
  let chosenPlace = null; // the body-map region last tapped

  function make(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text) element.textContent = text;
    return element;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  // --- The screening's limits --------------------------------------------------------------

  const limitsData = document.getElementById("screening-limits");
  const limits = limitsData ? JSON.parse(limitsData.textContent) : [];
  const limitSummary = document.getElementById("limit-summary");

  // What a row does that a limit forbids, one sentence each, as the signing step says it.
  function breaches(row) {
    if (isRemoved(row)) return [];
    const pressure = Number(field(row, "pressure").value) || 0;
    const technique = field(row, "technique");
    const muscle = byId.get(field(row, "muscle").value);
    const found = [];
    limits.forEach((limit) => {
      if (limit.max_pressure !== null && pressure > limit.max_pressure) {
        found.push(`Pressure ${pressure}/5 is over ${limit.max_pressure}/5. ${limit.reason}`);
      }
      if (limit.avoid_techniques.includes(technique.value)) {
        const name = technique.options[technique.selectedIndex].text;
        found.push(`${name} is to be avoided. ${limit.reason}`);
      }
      if (muscle && limit.avoid_regions.includes(muscle.liesIn)) {
        found.push(`${muscle.name} lies where the client is not to be treated. ${limit.reason}`);
      }
    });
    return found;
  }

  function showBreaches(row) {
    let box = row.querySelector(".point-warning");
    if (!box) {
      box = make("div", "point-warning alert alert-warning small py-1 px-2 mt-2 mb-0");
      row.append(box);
    }
    const found = breaches(row);
    box.replaceChildren(...found.map((text) => make("p", "mb-0", text)));
    box.hidden = found.length === 0;
    if (limitSummary) {
      limitSummary.hidden = !allRows().some((each) => breaches(each).length);
    }
  }

  // --- Rows --------------------------------------------------------------------------------

  // A row's control for a form field: "muscle" finds points-3-muscle.
  function field(row, name) {
    return Array.from(row.querySelectorAll("[name]")).find(
      (element) => element.name.slice(element.name.lastIndexOf("-") + 1) === name
    );
  }

  function allRows() {
    return Array.from(rows.querySelectorAll(".point-row"));
  }

  function isRemoved(row) {
    const remove = field(row, "DELETE");
    return Boolean(remove && remove.checked);
  }

  // The server's blank row, untouched: the first point added fills it rather than
  // leaving an empty row below.
  function blankRow() {
    return allRows().find((row) =>
      Array.from(row.querySelectorAll("input[name], select[name], textarea[name]")).every(
        (element) => (element.type === "checkbox" ? !element.checked : element.value === "")
      )
    );
  }

  function newRow() {
    const index = Number(total.value);
    const limit = maxForms ? Number(maxForms.value) : Infinity;
    if (index >= limit) return null;
    const holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    const row = holder.content.querySelector(".point-row");
    rows.append(row);
    total.value = String(index + 1);
    return row;
  }

  function showOther(row) {
    const muscle = field(row, "muscle");
    const other = row.querySelector(".point-other");
    if (muscle && other) other.hidden = muscle.value !== OTHER;
  }

  function showRemoved(row) {
    row.classList.toggle("point-removed", isRemoved(row));
  }

  function muscleLabel(muscleId, otherName) {
    const muscle = byId.get(muscleId);
    return muscle ? muscle.name : otherName || "a point";
  }

  // Adds a point (muscleId "" for an empty one) and moves the focus to it.
  function addPoint(muscleId, side, otherName) {
    const row = blankRow() || newRow();
    if (!row) {
      say("A note holds at most " + maxForms.value + " points.");
      return;
    }
    const values = Object.assign({}, DEFAULTS, {
      muscle: muscleId,
      other_muscle: muscleId === OTHER ? otherName : "",
      side: side || "",
    });
    if (!muscleId) Object.keys(values).forEach((name) => (values[name] = ""));
    Object.keys(values).forEach((name) => {
      const control = field(row, name);
      if (control) control.value = values[name];
    });
    showOther(row);
    showRemoved(row);
    showBreaches(row);
    const next = [field(row, "muscle"), field(row, "side")].find((control) => !control.value);
    (next || field(row, "muscle")).focus();
    if (muscleId) {
      const sideWord = SIDE_WORDS[side] ? ", " + SIDE_WORDS[side] : "";
      say("Added " + muscleLabel(muscleId, otherName) + sideWord + ".");
    }
  }

  rows.addEventListener("change", (event) => {
    const row = event.target.closest(".point-row");
    if (!row) return;
    if (event.target === field(row, "muscle")) {
      showOther(row);
      if (event.target.value === OTHER) field(row, "other_muscle").focus();
    } else if (event.target === field(row, "DELETE")) {
      showRemoved(row);
      const name = muscleLabel(field(row, "muscle").value, field(row, "other_muscle").value);
      say(name + (isRemoved(row) ? " will be removed when you save." : " is kept."));
    }
    showBreaches(row);
  });
  allRows().forEach((row) => {
    showOther(row);
    showRemoved(row);
    showBreaches(row);
  });

  // --- Add a point by name -----------------------------------------------------------------

  // The side a muscle was probably treated on: the place just tapped on the map if the
  // muscle lies there, else its side in the suggestions if they give only one.
  function sideFor(muscle) {
    if (chosenPlace && chosenPlace.dataset.region === muscle.liesIn) {
      return chosenPlace.dataset.side;
    }
    const sides = new Set(
      suggestions
        .filter((item) => item.dataset.muscle === muscle.id)
        .map((item) => item.dataset.side)
    );
    return sides.size === 1 ? Array.from(sides)[0] : "";
  }

  // How well a muscle's name matches the typed text, best first: the whole name, the
  // name's start, the start of a word of it for every typed word, anywhere in it.
  function matchRank(name, text) {
    if (name === text) return 0;
    if (name.startsWith(text)) return 1;
    const nameWords = name.split(/[^a-z0-9]+/);
    const typedWords = text.split(/\s+/);
    if (typedWords.every((typed) => nameWords.some((word) => word.startsWith(typed)))) return 2;
    return name.includes(text) ? 3 : null;
  }

  // The muscle the text means: the best match, the shorter name on a tie (the catalogue's
  // order after that); none when nothing matches, and the text names another muscle.
  function bestMatch(text) {
    const typed = text.toLowerCase();
    let best = null;
    let bestRank = Infinity;
    if (!typed) return best;
    muscles.forEach((muscle) => {
      const rank = matchRank(muscle.name.toLowerCase(), typed);
      const better =
        rank !== null &&
        (rank < bestRank || (rank === bestRank && muscle.name.length < best.name.length));
      if (better) {
        best = muscle;
        bestRank = rank;
      }
    });
    return best;
  }

  function addSearched() {
    const text = search.value.trim();
    const muscle = bestMatch(text);
    if (muscle) {
      addPoint(muscle.id, sideFor(muscle));
    } else if (text) {
      addPoint(OTHER, "", text);
    } else {
      addPoint("", "");
    }
    search.value = "";
  }

  if (search && addButton) {
    addButton.disabled = false;
    addButton.addEventListener("click", addSearched);
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter adds the point; it never submits the note
        addSearched();
      }
    });
  }

  // --- Suggestions -------------------------------------------------------------------------

  suggestions.forEach((item) => {
    const button = item.querySelector(".add-suggestion");
    if (!button) return;
    button.disabled = false;
    button.addEventListener("click", () => addPoint(item.dataset.muscle, item.dataset.side));
  });

  // --- The pain chart: tap a place, add a muscle whose trigger points lie there ------------

  const map = document.getElementById("note-bodymap");
  if (!map) return;
  const hint = document.getElementById("bodymap-hint");
  if (hint) hint.hidden = false;
  const regions = Array.from(map.querySelectorAll("path.bm-region"));

  // "Side of the neck, your right" (the tooltip may add the pain marked there after a colon).
  function placeLabel(region) {
    const title = region.querySelector("title");
    return title ? title.textContent.split(":")[0].trim() : region.dataset.region;
  }

  const offer = make("div", "col-12");
  offer.id = "bodymap-offer";
  offer.hidden = true;
  const offerBox = make("div", "bodymap-offer");
  offerBox.setAttribute("aria-live", "polite");
  const offerTitle = make("p", "small mb-1");
  offerTitle.id = "bodymap-offer-title";
  offerTitle.tabIndex = -1;
  const offerList = make("div", "d-flex flex-wrap gap-1");
  offerList.setAttribute("role", "group");
  offerList.setAttribute("aria-labelledby", offerTitle.id);
  offerBox.append(offerTitle, offerList);
  offer.append(offerBox);
  const views = map.querySelector(".bm-views");
  (views || map).after(offer);

  // A ring over the chosen place, drawn last so neighbours don't hide half its outline.
  const rings = new Map();
  map.querySelectorAll(".bm-svg").forEach((svg) => {
    svg.setAttribute("role", "group");
    const group = svg.querySelector(".bm-regions");
    const ring = ["bm-ring bm-ring-halo", "bm-ring"].map((className) => {
      const path = document.createElementNS(SVG, "path");
      path.setAttribute("class", className);
      path.setAttribute("aria-hidden", "true");
      group.append(path);
      return path;
    });
    rings.set(svg, ring);
  });

  function showChosen() {
    rings.forEach((ring, svg) => {
      const here = Boolean(chosenPlace) && svg.contains(chosenPlace);
      ring.forEach((path) => {
        if (here) path.setAttribute("d", chosenPlace.getAttribute("d"));
        else path.removeAttribute("d");
      });
    });
    regions.forEach((region) => {
      region.setAttribute("aria-expanded", region === chosenPlace ? "true" : "false");
    });
  }

  function offerButton(muscle, side) {
    const button = make("button", "btn btn-sm btn-outline-primary");
    button.type = "button";
    const sideWord = SIDE_WORDS[side] ? ", " + SIDE_WORDS[side] : "";
    button.textContent = "Add " + muscle.name + sideWord;
    button.addEventListener("click", () => addPoint(muscle.id, side));
    return button;
  }

  function choose(region, fromKeyboard) {
    chosenPlace = region;
    const place = placeLabel(region);
    const here = muscles.filter((muscle) => muscle.liesIn === region.dataset.region);
    offerList.replaceChildren(...here.map((muscle) => offerButton(muscle, region.dataset.side)));
    offerTitle.replaceChildren(
      make("strong", "", place),
      here.length
        ? ": muscles with trigger points here"
        : ": no muscle in the catalogue has its trigger points here. " +
            "Find one by name under the points."
    );
    offer.hidden = false;
    showChosen();
    if (fromKeyboard) (offerList.querySelector("button") || offerTitle).focus();
  }

  regions.forEach((region) => {
    region.setAttribute("tabindex", "0");
    region.setAttribute("role", "button");
    region.setAttribute("aria-label", placeLabel(region));
    region.setAttribute("aria-controls", offer.id);
    region.setAttribute("aria-expanded", "false");
    region.addEventListener("click", () => choose(region, false));
    region.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault(); // no page scroll on Space
        choose(region, true);
      }
    });
  });
  map.classList.add("note-bodymap-live");
})();
