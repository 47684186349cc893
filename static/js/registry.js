/* The registry search page: keyboard and screen-reader behaviour of the search box's suggestions,
 * and the search box after the back button. Progressive enhancement on top of htmx.
 *
 * The box (#id_search) is an ARIA combobox: htmx fetches the suggestions into its listbox
 * (#search-suggestions) as links with role=option. Here: show the list when it has options, move
 * through them with the arrow keys (aria-activedescendant), follow one with Enter, close with
 * Escape or when focus leaves. The server fills the live region #suggestion-status.
 *
 * htmx restores a page from its history cache as it was rendered, so the box and the sort menu
 * could show the text of another search: they are set again from the address.
 *
 * Listeners sit on the document, because a restore replaces the elements.
 */
(function () {
  "use strict";

  function box() {
    return document.getElementById("id_search");
  }

  function list() {
    return document.getElementById("search-suggestions");
  }

  function options() {
    var listbox = list();
    return listbox ? Array.prototype.slice.call(listbox.querySelectorAll("[role=option]")) : [];
  }

  function activeIndex() {
    var input = box();
    var id = input ? input.getAttribute("aria-activedescendant") : null;
    return options().findIndex(function (option) {
      return option.id === id;
    });
  }

  function setActive(index) {
    var input = box();
    options().forEach(function (option, position) {
      var active = position === index;
      option.classList.toggle("active", active);
      option.setAttribute("aria-selected", active ? "true" : "false");
      if (active) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
    if (index < 0 && input) {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function setOpen(open) {
    var input = box();
    var listbox = list();
    if (!input || !listbox) {
      return;
    }
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      setActive(-1);
    }
  }

  function onKeydown(event) {
    if (event.target !== box()) {
      return;
    }
    var count = options().length;
    var open = !list().hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) {
        return;
      }
      event.preventDefault();
      setOpen(true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = activeIndex() + step;
      setActive(next < 0 ? count - 1 : next >= count ? 0 : next);
    } else if (event.key === "Enter" && open && activeIndex() >= 0) {
      event.preventDefault();
      window.location.assign(options()[activeIndex()].href);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  function syncFromAddress() {
    var params = new URLSearchParams(window.location.search);
    var input = box();
    if (input) {
      input.value = params.get("search") || "";
    }
    var ordering = document.getElementById("id_ordering");
    if (ordering) {
      ordering.value = params.get("ordering") || ordering.options[0].value;
    }
    setOpen(false);
  }

  document.addEventListener("keydown", onKeydown);

  // Keep the focus in the box while a suggestion is clicked with the mouse.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#search-suggestions")) {
      event.preventDefault();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target === box()) {
      setOpen(false);
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target === box() && options().length) {
      setOpen(true);
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === list()) {
      setActive(-1);
      setOpen(options().length > 0 && document.activeElement === box());
    }
  });

  // Submitting (Enter without a chosen suggestion, or the button) closes the suggestions; the
  // results that update while typing leave them open.
  document.addEventListener("submit", function (event) {
    if (event.target.id === "registry-search") {
      setOpen(false);
    }
  });
  // The snapshot htmx keeps for the back button may hold them open: closed again on restore.
  document.body.addEventListener("htmx:historyRestore", syncFromAddress);
})();
