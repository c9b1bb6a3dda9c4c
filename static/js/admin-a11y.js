// What the admin's widgets leave unnamed or in English, fixed as they appear on the page:
// Django's selector boxes, select2 search boxes, empty header cells and the text editor
// (django-prose-editor writes its buttons' names in English, outside any catalogue).
"use strict";
(function () {
  const translate = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);

  function labelText(control) {
    const label = control && control.id && document.querySelector(`label[for="${control.id}"]`);
    return label ? label.textContent.replace(/[:*\s]+$/, "").trim() : "";
  }

  function editorButton(button) {
    // "heading 2" is one message with the level as a number.
    const name = button.getAttribute("title") || "";
    const heading = name.match(/^heading (\d)$/);
    const italian = heading ? interpolate(translate("heading %s"), [heading[1]]) : translate(name);
    if (italian !== name) {
      button.setAttribute("title", italian);
      button.setAttribute("aria-label", italian);
    }
  }

  // The block types offered in the editor's drop-down: "Paragraph", "Heading 2".
  function editorOption(element) {
    if (element.children.length) return;
    const text = element.textContent.trim();
    const heading = text.match(/^Heading (\d)$/);
    const italian = heading ? interpolate(translate("Heading %s"), [heading[1]]) : translate(text);
    if (italian !== text) element.textContent = italian;
  }

  function interpolate(format, values) {
    return typeof window.interpolate === "function"
      ? window.interpolate(format, values)
      : format.replace("%s", values[0]);
  }

  function fix(root) {
    // The selector box's magnifier carries a name, which only an image may have.
    root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll(".prose-menubar__button[title]").forEach(editorButton);
    root.querySelectorAll(".prose-menubar :is(p, h1, h2, h3, h4, h5, h6, code)").forEach(editorOption);
    // The editable area is named after the field it edits.
    root.querySelectorAll(".prose-editor .tiptap:not([aria-label])").forEach((area) => {
      const textarea = area.closest(".prose-editor")?.querySelector("textarea");
      const name = labelText(textarea);
      if (name) area.setAttribute("aria-label", name);
    });
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach((search) => {
      const select = search.closest(".select2")?.previousElementSibling;
      const name = labelText(select);
      if (name) search.setAttribute("aria-label", name);
    });
    // A filter choice with no text (an empty value) is still a link someone can follow.
    root.querySelectorAll("#changelist-filter a").forEach((link) => {
      if (!link.textContent.trim()) link.textContent = translate("(empty)");
    });
    // A read-only table that scrolls on a phone can be scrolled with the keyboard.
    root.querySelectorAll(".inline-group:not([tabindex])").forEach((group) => {
      const heading = group.querySelector("h2[id]");
      const controls = "a[href], button, input:not([type=hidden]), select, textarea";
      if (heading && !group.querySelector(controls)) {
        group.tabIndex = 0;
        group.setAttribute("role", "region");
        group.setAttribute("aria-labelledby", heading.id);
      }
    });
    // An empty header cell heads nothing: it is a plain cell.
    root.querySelectorAll(".tabular thead th:empty").forEach((header) => {
      const cell = document.createElement("td");
      cell.className = header.className;
      header.replaceWith(cell);
    });
  }

  function start() {
    fix(document);
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE) fix(node.parentNode || node);
        }
        if (change.type === "attributes") editorButton(change.target);
      }
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["title"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
