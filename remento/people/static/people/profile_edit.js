// "Add another skill": copies the formset's empty row and counts it in TOTAL_FORMS.
// Without JavaScript the page still works: it always offers a few empty rows.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-add-row]")) {
    const prefix = button.dataset.addRow;
    const template = document.getElementById(`${prefix}-empty-row`);
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const body = document.querySelector(`#${prefix}-rows tbody`);
    if (!template || !total || !body) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(index + 1));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      body.lastElementChild.querySelector("select")?.focus();
    });
  }
});
