/*
 * A form's error summary (GOV.UK pattern). The page works without this: the summary has
 * autofocus and its links are ordinary links to the fields. This script
 * - moves focus to the summary in browsers that ignore autofocus on it;
 * - makes a summary link focus its field and scroll the field's label (or a group's legend)
 *   into view, rather than leaving the label off the top of the screen.
 */
(function () {
    "use strict";
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    if (document.activeElement !== summary && !summary.contains(document.activeElement)) {
        summary.focus();
    }
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) {
            return;
        }
        var field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!field) {
            return;
        }
        var fieldset = field.closest("fieldset");
        var legend = fieldset && fieldset.querySelector("legend");
        var label = legend || document.querySelector("label[for='" + field.id + "']") || field;
        event.preventDefault();
        label.scrollIntoView();
        field.focus({ preventScroll: true });
    });
})();
