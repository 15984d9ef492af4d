/* Readability checker in the page editor. Reads the text fields of the tab the panel
   sits in (plain inputs, text areas, rich-text editors) as the editor types, posts
   them to /admin/leesbaarheid/ and shows the measures. */
(function () {
    "use strict";

    var SKIP_NAMES = /(alt_text|email|phone|url|slug|seo_title)$/;

    function csrfToken(panel) {
        var form = panel.closest("form");
        var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
        if (input) return input.value;
        return (window.wagtailConfig && window.wagtailConfig.CSRF_TOKEN) || "";
    }

    function scopeOf(panel) {
        return panel.closest("[role=tabpanel]") || panel.closest("form") || document.body;
    }

    function collectText(scope, panel) {
        var parts = [];
        var fields = scope.querySelectorAll(
            "textarea, input[type=text], input:not([type]), [contenteditable=true]"
        );
        for (var i = 0; i < fields.length; i++) {
            var field = fields[i];
            if (panel.contains(field) || field.closest("[data-readability-skip]")) continue;
            if (field.closest(".w-comment, [data-comment]")) continue;
            if (field.name && SKIP_NAMES.test(field.name)) continue;
            // Rich-text editors keep their JSON in a hidden input; read the visible text.
            var text = field.isContentEditable ? field.innerText : field.value;
            if (text && text.trim()) parts.push(text.trim());
        }
        return parts.join("\n\n");
    }

    function element(tag, className, text) {
        var node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = text;
        return node;
    }

    function formatNumber(value) {
        if (value === null || value === undefined) return "–";
        return Number(value).toLocaleString(document.documentElement.lang || "nl", {
            maximumFractionDigits: 1,
        });
    }

    // A small verdict at the top of the tab, so the editor sees it while typing far
    // above the panel; it links to the panel with the details.
    function badgeFor(panel, labels) {
        if (panel._badge) return panel._badge;
        var scope = scopeOf(panel);
        if (!panel.id) panel.id = "leesbaarheid-" + Math.random().toString(36).slice(2, 8);
        var badge = element("a", "readability-badge");
        badge.href = "#" + panel.id;
        badge.setAttribute("aria-label", labels.badge);
        scope.insertBefore(badge, scope.firstChild);
        panel._badge = badge;
        return badge;
    }

    function render(panel, data, labels) {
        var badge = badgeFor(panel, labels);
        badge.className = "readability-badge" + (data.verdict ? " readability-badge--" + data.verdict : "");
        badge.textContent = data.verdict_label
            ? labels.badge + ": " + data.verdict_label
            : labels.badge;
        var output = panel.querySelector("[data-readability-output]");
        output.textContent = "";
        if (data.error) {
            output.appendChild(element("p", "readability__error", data.error));
            return;
        }
        if (!data.sentences) {
            output.appendChild(element("p", "readability__empty", labels.empty));
            return;
        }
        var target = panel.getAttribute("data-target");
        var reached = target === "easy" ? data.verdict === "easy" : data.verdict !== "difficult";
        var verdict = element("p", "readability__verdict readability__verdict--" + data.verdict);
        verdict.appendChild(element("strong", null, data.verdict_label));
        verdict.appendChild(document.createTextNode(" · " + (reached ? labels.reached : labels.not_reached)));
        output.appendChild(verdict);

        var list = element("dl", "readability__measures");
        [
            [labels.sentences, formatNumber(data.sentences)],
            [labels.words_per_sentence, formatNumber(data.words_per_sentence)],
            [labels.reading_ease, formatNumber(data.reading_ease)],
            [labels.long_words, formatNumber(data.long_word_count) +
                (data.long_words.length ? ": " + data.long_words.join(", ") : "")],
        ].forEach(function (row) {
            list.appendChild(element("dt", null, row[0]));
            list.appendChild(element("dd", null, row[1]));
        });
        output.appendChild(list);

        if (data.long_sentences.length) {
            output.appendChild(element("h4", "readability__heading", labels.long_sentences));
            var sentences = element("ul", "readability__list");
            data.long_sentences.forEach(function (sentence) {
                var item = element("li");
                item.appendChild(element("mark", "readability__mark", sentence.text));
                item.appendChild(document.createTextNode(" (" + sentence.words + " " + labels.words + ")"));
                sentences.appendChild(item);
            });
            output.appendChild(sentences);
        }
        if (data.rare_words.length) {
            output.appendChild(element("h4", "readability__heading", labels.rare_words));
            var words = element("ul", "readability__list readability__list--words");
            data.rare_words.forEach(function (rare) {
                var item = element("li");
                item.appendChild(element("span", "readability__word", rare.word));
                item.appendChild(document.createTextNode(" "));
                if (rare.in_glossary) {
                    item.appendChild(element("span", "readability__known", labels.in_glossary));
                } else if (rare.add_url) {
                    var link = element("a", "readability__add", labels.add_to_glossary);
                    link.href = rare.add_url;
                    link.target = "_blank";
                    link.rel = "noopener";
                    item.appendChild(link);
                }
                words.appendChild(item);
            });
            output.appendChild(words);
        }
    }

    function setUp(panel) {
        var labels = JSON.parse(panel.getAttribute("data-labels") || "{}");
        var scope = scopeOf(panel);
        var timer = null;
        var controller = null;
        var lastText = null;

        function measure() {
            var text = collectText(scope, panel);
            if (text === lastText) return;
            lastText = text;
            if (controller) controller.abort();
            controller = "AbortController" in window ? new AbortController() : null;
            var body = new FormData();
            body.append("text", text);
            body.append("lang", panel.getAttribute("data-lang") || "nl");
            fetch(panel.getAttribute("data-endpoint"), {
                method: "POST",
                body: body,
                credentials: "same-origin",
                headers: { "X-CSRFToken": csrfToken(panel) },
                signal: controller ? controller.signal : undefined,
            })
                .then(function (response) { return response.json(); })
                .then(function (data) { render(panel, data, labels); })
                .catch(function (error) {
                    if (error && error.name === "AbortError") return;
                    render(panel, { error: labels.failed }, labels);
                });
        }

        function schedule() {
            window.clearTimeout(timer);
            timer = window.setTimeout(measure, 700);
        }
        scope.addEventListener("input", schedule);
        scope.addEventListener("change", schedule);
        // Blocks added or removed in a StreamField change the text too.
        if ("MutationObserver" in window) {
            new MutationObserver(schedule).observe(scope, { childList: true, subtree: true });
        }
        measure();
    }

    function init() {
        var panels = document.querySelectorAll("[data-readability-panel]");
        for (var i = 0; i < panels.length; i++) setUp(panels[i]);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
