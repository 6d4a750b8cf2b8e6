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
// The menu button of narrow screens (ntm.css hides the navigation behind it below 760 px). Without
// this script the button stays hidden and the navigation simply wraps.
(function () {
  const button = document.querySelector(".menu-toggle");
  const nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  const topbar = button.closest(".topbar");
  topbar.classList.add("has-menu");
  button.hidden = false;
  const show = (open) => {
    button.setAttribute("aria-expanded", String(open));
    topbar.classList.toggle("menu-open", open);
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      show(false);
      button.focus();
    }
  });
})();
