// A split payment's rows: "Add a payment" copies the last row, empty, under the next number.
// Without this script the form shows three rows, enough for most split payments.
(function () {
  "use strict";

  const rows = document.querySelector("[data-payment-rows]");
  const add = document.querySelector("[data-add-payment]");
  if (!rows || !add) {
    return;
  }
  const total = document.querySelector("input[name='pay-TOTAL_FORMS']");
  const most = Number(document.querySelector("input[name='pay-MAX_NUM_FORMS']").value);

  function renumber(element, index) {
    ["name", "id", "for", "aria-describedby"].forEach((attribute) => {
      const value = element.getAttribute(attribute);
      if (value) {
        element.setAttribute(attribute, value.replace(/pay-\d+-/g, `pay-${index}-`));
      }
    });
  }

  function emptied(row, index) {
    const copy = row.cloneNode(true);
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((element) => {
      renumber(element, index);
    });
    copy.querySelectorAll("input, select").forEach((field) => {
      field.value = "";
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
    });
    copy.querySelectorAll(".invalid-feedback").forEach((error) => error.remove());
    copy.querySelector("legend").textContent = `Payment ${index + 1}`;
    return copy;
  }

  function update() {
    add.hidden = Number(total.value) >= most;
  }

  add.addEventListener("click", () => {
    const index = Number(total.value);
    const row = emptied(rows.lastElementChild, index);
    rows.appendChild(row);
    total.value = String(index + 1);
    update();
    row.querySelector("select").focus();
  });
  update();
})();
