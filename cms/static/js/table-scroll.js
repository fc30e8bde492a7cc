/*
 * A wide table scrolls sideways inside its wrapper (templates/blocks/table.html). Keyboard
 * users scroll it by focusing the wrapper, so the wrapper is served as a focusable, labelled
 * region. Where the table fits, that would be an empty tab stop and a needless landmark: this
 * removes them, and puts them back if the window narrows until the table scrolls.
 * Without JavaScript every wrapper stays focusable, which is the safe side.
 */
(function () {
    "use strict";

    var wrappers = document.querySelectorAll(".table-wrapper[data-label]");
    if (!wrappers.length || !("ResizeObserver" in window)) {
        return;
    }

    function update(wrapper) {
        if (wrapper.scrollWidth > wrapper.clientWidth) {
            wrapper.setAttribute("tabindex", "0");
            wrapper.setAttribute("role", "region");
            wrapper.setAttribute("aria-label", wrapper.getAttribute("data-label"));
        } else {
            wrapper.removeAttribute("tabindex");
            wrapper.removeAttribute("role");
            wrapper.removeAttribute("aria-label");
        }
    }

    var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
            update(entry.target);
        });
    });
    wrappers.forEach(function (wrapper) {
        observer.observe(wrapper);
    });
})();
