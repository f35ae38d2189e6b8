// The SAML answer's second post (see SamlAcsView): sent at once, so that the person does
// not have to press "Continue"; without JavaScript the button does the same.
(function () {
  "use strict";
  var form = document.getElementById("saml-continue");
  if (form) {
    form.submit();
  }
})();
