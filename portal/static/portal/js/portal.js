/* Netwerkportaal: small progressive enhancements. Everything works without this file. */
(function () {
    "use strict";
    document.documentElement.classList.remove("no-js");
    document.documentElement.classList.add("js");

    // Remember the easy-read choice for the next pages.
    document.addEventListener("click", function (event) {
        var toggle = event.target.closest("[data-easy-read-toggle]");
        if (!toggle) return;
        var on = toggle.getAttribute("aria-pressed") !== "true";
        document.cookie = "portal_easy_read=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
    });
})();
