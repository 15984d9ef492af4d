/* Read-aloud: reads the main text in the page's language with the browser's speech
   synthesis. The controls stay hidden unless the browser has a voice for that
   language; then the server's recording of the page (an audio player, shown to
   everyone else) is hidden. Without JavaScript or speech synthesis only the
   recording shows. */
(function () {
    "use strict";
    if (!("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) return;

    var synth = window.speechSynthesis;

    function voiceFor(lang) {
        var base = lang.toLowerCase().split("-")[0];
        var voices = synth.getVoices();
        var exact = null;
        var close = null;
        for (var i = 0; i < voices.length; i++) {
            var voiceLang = (voices[i].lang || "").toLowerCase().replace("_", "-");
            if (voiceLang === lang.toLowerCase()) exact = exact || voices[i];
            if (voiceLang.split("-")[0] === base) {
                // Prefer Flemish Dutch for Dutch, then any voice of the language.
                if (base === "nl" && voiceLang === "nl-be") return voices[i];
                close = close || voices[i];
            }
        }
        return exact || close;
    }

    // The text to read: visible text of the source, skipping hidden parts and controls.
    function readableText(source) {
        var clone = source.cloneNode(true);
        var skip = clone.querySelectorAll("[hidden], [aria-hidden='true'], script, style, button, .visually-hidden, [data-read-aloud-skip]");
        for (var i = 0; i < skip.length; i++) skip[i].remove();
        var blocks = clone.querySelectorAll("p, li, h1, h2, h3, h4, dt, dd, td, th, figcaption");
        for (var j = 0; j < blocks.length; j++) blocks[j].append("\n");
        return clone.textContent.replace(/[ \t]+/g, " ").trim();
    }

    // Short chunks: some browsers stop long utterances after about fifteen seconds.
    function chunks(text) {
        var parts = text.split(/(?<=[.!?…])\s+|\n+/);
        var result = [];
        for (var i = 0; i < parts.length; i++) {
            var part = parts[i].trim();
            if (part) result.push(part);
        }
        return result;
    }

    function setUp(container) {
        var lang = container.getAttribute("data-lang") || document.documentElement.lang || "nl";
        var play = container.querySelector("[data-read-aloud-play]");
        var pause = container.querySelector("[data-read-aloud-pause]");
        var stop = container.querySelector("[data-read-aloud-stop]");
        var status = container.querySelector("[data-read-aloud-status]");
        var labelPause = container.getAttribute("data-label-pause");
        var labelResume = container.getAttribute("data-label-resume");
        var reading = false;

        function source() {
            return document.querySelector("[data-read-aloud-source]") || document.querySelector("main");
        }

        function showPlaying(on) {
            reading = on;
            play.hidden = on;
            pause.hidden = !on;
            stop.hidden = !on;
            pause.textContent = labelPause;
            pause.setAttribute("aria-pressed", "false");
        }

        function speak() {
            var voice = voiceFor(lang);
            if (!voice) return;
            synth.cancel();
            var parts = chunks(readableText(source()));
            if (!parts.length) return;
            showPlaying(true);
            status.textContent = container.getAttribute("data-label-reading");
            parts.forEach(function (part, index) {
                var utterance = new SpeechSynthesisUtterance(part);
                utterance.lang = voice.lang || lang;
                utterance.voice = voice;
                utterance.rate = 0.9;
                if (index === parts.length - 1) {
                    utterance.onend = function () { showPlaying(false); };
                }
                synth.speak(utterance);
            });
        }

        play.addEventListener("click", speak);
        pause.addEventListener("click", function () {
            if (synth.paused) {
                synth.resume();
                pause.textContent = labelPause;
                pause.setAttribute("aria-pressed", "false");
            } else {
                synth.pause();
                pause.textContent = labelResume;
                pause.setAttribute("aria-pressed", "true");
            }
        });
        stop.addEventListener("click", function () {
            synth.cancel();
            showPlaying(false);
            status.textContent = container.getAttribute("data-label-stopped");
            play.focus();
        });
        window.addEventListener("pagehide", function () { if (reading) synth.cancel(); });

        var recording = document.querySelector("[data-read-aloud-recording]");

        function reveal() {
            var voice = voiceFor(lang);
            container.hidden = !voice;
            // The browser reads the page itself: its recording is not needed then.
            if (recording) recording.hidden = !!voice;
        }
        reveal();
        // Voices often load after the page; Chrome announces them with this event.
        if ("onvoiceschanged" in synth) synth.addEventListener("voiceschanged", reveal);
    }

    function init() {
        var containers = document.querySelectorAll("[data-read-aloud]");
        // One set of controls per page is enough, even if a template includes two.
        if (containers.length) setUp(containers[0]);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
})();
