// Remento's page behaviour, loaded on every page (the Content-Security-Policy allows no
// inline script). Both parts are enhancements: without JavaScript the menu stays open and
// wide tables still scroll inside their box.
(function () {
  "use strict";

  // On a narrow screen the site menu folds behind a "Menu" button (CSS decides when).
  function setUpMenu() {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector(".menu-toggle");
    if (!toggle) {
      return;
    }
    header.classList.add("menu-ready");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("menu-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        toggle.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        toggle.focus();
      }
    });
  }

  // A table box that scrolls sideways can be reached and scrolled with the keyboard, and a
  // screen reader names it after the table's caption (or the heading above it).
  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var heading = wrap.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) {
      heading = heading.previousElementSibling;
    }
    return heading ? heading.textContent.trim() : "Table";
  }

  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(wrap) + " (scrolls sideways)");
        wrap.dataset.scrollMarked = "true";
      } else if (!scrolls && wrap.dataset.scrollMarked) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrollMarked;
      }
    });
  }

  var pending = false;
  function markSoon() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        markScrollingTables();
      });
    }
  }

  function start() {
    setUpMenu();
    markScrollingTables();
    window.addEventListener("resize", markSoon);
    document.body.addEventListener("htmx:afterSettle", markSoon);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
