// A "Copy" button for a read-only field (data-copy-target="<field id>"): copies the field's
// text and says so in its status line. Without JavaScript the button stays hidden and the
// field can be selected and copied by hand.
(function () {
  "use strict";

  function setUp() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copyTarget);
      var status = document.getElementById(button.dataset.copyStatus);
      if (!field || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () {
            if (status) {
              status.textContent = "Copied.";
            }
          },
          function () {
            field.select();
            if (status) {
              status.textContent = "Select the address and copy it.";
            }
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
