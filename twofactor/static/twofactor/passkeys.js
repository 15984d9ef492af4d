/* Passkeys (twofactor): django-otp-webauthn's own scripts do the work; this one
   shows their outcome in the page's words (data-* attributes of [data-passkeys]) and
   opens the next page after a new passkey. Without JavaScript the page offers the
   code from the app and the recovery codes. */
(function () {
    "use strict";
    var box = document.querySelector("[data-passkeys]");
    if (!box) {
        return;
    }
    function say(id, text) {
        var status = document.getElementById(id);
        if (status && text) {
            status.textContent = text;
        }
    }
    document.addEventListener("otp_webauthn.register_complete", function (event) {
        say("passkey-register-status-message", box.dataset.registered);
        var data = (event.detail && event.detail.response) || {};
        window.location.assign(data.next || window.location.href);
    });
    document.addEventListener("otp_webauthn.register_failed", function () {
        say("passkey-register-status-message", box.dataset.failed);
    });
    document.addEventListener("otp_webauthn.verification_failed", function () {
        say("passkey-verification-status-message", box.dataset.failed);
    });
})();
