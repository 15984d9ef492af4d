/* Glossary explanations as disclosures. Without JavaScript the explanation follows the
   word in brackets; with it, the word becomes a button (aria-expanded) that shows and
   hides the explanation in place. */
(function () {
    "use strict";

    function upgrade(wrapper) {
        if (wrapper.hasAttribute("data-glossary-ready")) return;
        var term = wrapper.querySelector(".glossary__term");
        var explanation = wrapper.querySelector(".glossary__explanation");
        if (!term || !explanation) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "glossary__button";
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", explanation.id);
        // Move the word into the button, keep the <dfn> semantics around it.
        while (term.firstChild) button.appendChild(term.firstChild);
        var mark = document.createElement("span");
        mark.className = "glossary__mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = "?";
        button.appendChild(mark);
        term.appendChild(button);
        explanation.hidden = true;
        wrapper.setAttribute("data-glossary-ready", "");
        button.addEventListener("click", function () {
            var open = button.getAttribute("aria-expanded") === "true";
            button.setAttribute("aria-expanded", open ? "false" : "true");
            explanation.hidden = open;
        });
        button.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
                button.setAttribute("aria-expanded", "false");
                explanation.hidden = true;
            }
        });
    }

    function init() {
        var wrappers = document.querySelectorAll("[data-glossary]");
        for (var i = 0; i < wrappers.length; i++) upgrade(wrappers[i]);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
