// Remento's page behaviour, loaded on every page (the Content-Security-Policy allows no
// inline script). Every part is an enhancement: without JavaScript the menu stays open, wide
// tables still scroll inside their box, and a program's links still scroll sideways.
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
    // The organisation's group closes on Escape, and on a click anywhere else.
    var group = header.querySelector(".nav-group details");
    if (group) {
      document.addEventListener("click", function (event) {
        if (group.open && !group.contains(event.target)) {
          group.open = false;
        }
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group && group.open) {
        group.open = false;
        group.querySelector("summary").focus();
        return;
      }
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

  // A table wider than its box says so where the eye is: a line above it ("more columns"),
  // and its right edge fades until it is scrolled to the end.
  function showHint(wrap, shown) {
    var hint = wrap.previousElementSibling;
    var present = hint && hint.classList.contains("scroll-hint");
    if (shown && !present) {
      hint = document.createElement("p");
      hint.className = "scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "More columns to the right: swipe or scroll the table sideways";
      wrap.parentNode.insertBefore(hint, wrap);
    } else if (!shown && present) {
      hint.remove();
    }
  }

  function markEnd(wrap) {
    var atEnd = wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 2;
    wrap.classList.toggle("scrolled-to-end", atEnd);
  }

  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(wrap) + " (scrolls sideways)");
        wrap.dataset.scrollMarked = "true";
        if (!wrap.dataset.scrollWatched) {
          wrap.dataset.scrollWatched = "true";
          wrap.addEventListener("scroll", function () { markEnd(wrap); }, { passive: true });
        }
      } else if (!scrolls && wrap.dataset.scrollMarked) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrollMarked;
      }
      if (wrap.dataset.scrollMarked) {
        markEnd(wrap);
      }
      showHint(wrap, Boolean(wrap.dataset.scrollMarked));
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

  // On a phone a program's links make one row that scrolls sideways: bring the link of the
  // page shown to the middle of it (the row alone scrolls, not the page).
  function showCurrentProgramLink() {
    var row = document.querySelector(".program-nav ul");
    var current = row && row.querySelector('[aria-current="page"]');
    if (!current || row.scrollWidth <= row.clientWidth) {
      return;
    }
    var offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
    row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
  }

  // After a form is sent, focus goes where the page says what happened: to the summary of
  // what was refused, else to the thing the address points at (a goal just added,
  // "#goal-88"), so that a keyboard or screen reader user carries on from there.
  function focusWhatChanged() {
    var target = document.querySelector(".error-summary");
    if (!target && window.location.hash.length > 1) {
      try {
        target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      } catch (error) {
        target = null;
      }
    }
    if (!target || target.contains(document.activeElement)) {
      return;
    }
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: !target.classList.contains("error-summary") });
  }

  function start() {
    setUpMenu();
    showCurrentProgramLink();
    focusWhatChanged();
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
