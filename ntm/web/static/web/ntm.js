// Behaviour shared by every page. The Content-Security-Policy allows no inline script, so what a
// template once did with onchange="…" is declared with a data attribute and wired up here.
(function () {
  window.ntm = {
    // A text node for a library that accepts HTML or a node: the text is never parsed as HTML.
    text(value) {
      const span = document.createElement("span");
      span.textContent = String(value);
      return span;
    },
  };
  // <select data-autosubmit> submits its form as soon as the user picks an option.
  document.addEventListener("change", (event) => {
    const field = event.target.closest("[data-autosubmit]");
    if (field && field.form) field.form.submit();
  });
  // <form data-confirm="…"> asks before submitting a destructive choice (<option data-destructive>).
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.dataset || !form.dataset.confirm) return;
    const destructive = Array.from(form.querySelectorAll("option[data-destructive]")).some((o) => o.selected);
    if (destructive && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
