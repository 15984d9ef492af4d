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

    // A right-to-left page (Arabic) shows the Dutch text of what is not translated yet.
    // A block of text without a single right-to-left letter and with a Latin word is
    // such text: it reads left to right, so its full stops and bullets stay in place.
    // Arabic text that quotes a Latin name ("UiTPAS") keeps the page's direction.
    if (document.documentElement.dir === "rtl") {
        var rightToLeft = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
        var latinWord = /[A-Za-z\u00C0-\u024F]{2,}/;
        var blocks = "main p, main ul, main ol, main dl, main blockquote, main table, " +
            "main h1, main h2, main h3, main h4, main h5, main h6";
        document.querySelectorAll(blocks).forEach(function (block) {
            // Menus keep the page's direction; so does what has a direction already.
            if (block.closest("nav") || block.closest("[dir]") !== document.documentElement) return;
            var text = block.textContent;
            if (!rightToLeft.test(text) && latinWord.test(text)) block.setAttribute("dir", "ltr");
        });
    }
})();
