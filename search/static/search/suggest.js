/* Search suggestions as you type (progressive: without this file the search box and
   the search page work the same, only without suggestions).

   Every <input data-suggest-url> gets a <datalist> filled from
   GET <data-suggest-url>?q=… (JSON: {"suggestions": [{"title", "url"}]}). The
   datalist is the browser's own accessible suggestion list: no custom widget. */
(function () {
    "use strict";
    var DELAY = 150;
    var MIN_CHARS = 2;

    function datalistFor(input) {
        var id = input.getAttribute("list");
        var list = id && document.getElementById(id);
        if (!list) {
            list = document.createElement("datalist");
            list.id = (input.id || "search") + "-suggestions";
            input.insertAdjacentElement("afterend", list);
            input.setAttribute("list", list.id);
        }
        return list;
    }

    function enhance(input) {
        var url = input.getAttribute("data-suggest-url");
        var list = datalistFor(input);
        var timer = null;
        var controller = null;
        var lastQuery = "";

        function show(suggestions) {
            while (list.firstChild) list.removeChild(list.firstChild);
            suggestions.forEach(function (suggestion) {
                var option = document.createElement("option");
                option.value = suggestion.title; // text only: never parsed as HTML
                list.appendChild(option);
            });
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query.length < MIN_CHARS || query === lastQuery) return;
            lastQuery = query;
            if (controller) controller.abort();
            controller = "AbortController" in window ? new AbortController() : null;
            fetch(url + "?q=" + encodeURIComponent(query), {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined,
            })
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) { show(data.suggestions || []); })
                .catch(function () { /* offline or aborted: no suggestions, nothing breaks */ });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY);
        });
    }

    function init() {
        var inputs = document.querySelectorAll("input[data-suggest-url]");
        Array.prototype.forEach.call(inputs, function (input) {
            if (input.dataset.suggestReady) return;
            input.dataset.suggestReady = "1";
            enhance(input);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
