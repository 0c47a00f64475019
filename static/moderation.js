// Keyboard shortcuts for the review queue. Every one is also a button on the card, and the queue
// works without this file: it only moves focus and presses those buttons.
(function () {
  "use strict";

  var cards = [];
  var current = -1;

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && !/^(checkbox|radio|submit|button)$/.test(target.type));
  }

  function announce(text) {
    var live = document.getElementById("announce");
    if (live) { live.textContent = text; }
  }

  function focusCard(index) {
    if (!cards.length) { return; }
    index = Math.max(0, Math.min(cards.length - 1, index));
    if (current >= 0 && cards[current]) { cards[current].classList.remove("current"); }
    current = index;
    var card = cards[current];
    card.classList.add("current");
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
    var title = card.querySelector("h2");
    announce((title ? title.textContent.trim() : "Story") + ", " + (current + 1) + " of " + cards.length);
  }

  function cardOf(element) {
    return element && element.closest ? element.closest("li.card") : null;
  }

  function press(card, selector) {
    var form = card.querySelector(selector);
    if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); return true; }
    return false;
  }

  function openPanel(card, selector, focusSelector) {
    var panel = card.querySelector(selector);
    if (!panel) { return; }
    panel.open = true;
    var target = panel.querySelector(focusSelector);
    if (target) { target.focus(); }
  }

  function revealed(card) {
    var reveal = card.querySelector("details.reveal");
    var body = card.querySelector(".story-body");
    if (body) { body.setAttribute("aria-hidden", reveal && !reveal.open ? "true" : "false"); }
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    if (!help) { return; }
    help.open = !help.open;
    if (help.open) { help.querySelector("summary").focus(); } else if (cards[current]) { cards[current].focus(); }
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.tagName === "TEXTAREA") {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    var target = event.target;
    var rejectForm = target.closest && target.closest("form.js-reject");
    if (rejectForm && /^[1-9]$/.test(event.key) && target.type !== "text") {
      var choice = rejectForm.querySelectorAll("input[name=reason]")[Number(event.key) - 1];
      if (choice) { event.preventDefault(); choice.checked = true; rejectForm.requestSubmit(); }
      return;
    }
    if (event.key === "Escape") {
      var open = target.closest && target.closest("details[open]");
      if (open) { open.open = false; var c = cardOf(open); if (c) { c.focus(); } }
      var help = document.getElementById("shortcuts");
      if (help && help.open) { toggleHelp(); }
      return;
    }
    if (typing(target) || (rejectForm && target.type === "text")) { return; }
    var card = cardOf(target) || cards[current];
    if (card && cards.indexOf(card) !== current) { current = cards.indexOf(card); }
    switch (event.key) {
      case "j": focusCard(current + 1); break;
      case "k": focusCard(current - 1); break;
      case "a": if (card && !press(card, "form.js-approve")) { announce("Nothing to approve here."); } break;
      case "r": if (card) { openPanel(card, "details.reject-panel", "input[name=reason]"); } break;
      case "e": if (card) { openPanel(card, "details.redact-panel", "textarea"); } break;
      case "u": if (card && !press(card, "form.js-undo")) { announce("Nothing to undo here."); } break;
      case "x": if (card) { var box = card.querySelector("input.pick"); if (box) { box.checked = !box.checked; announce(box.checked ? "Selected" : "Not selected"); } } break;
      case "v": if (card) { var r = card.querySelector("details.reveal"); if (r) { r.open = !r.open; revealed(card); } } break;
      case "h": if (card) { var h = card.querySelector("details.history"); if (h) { h.open = !h.open; } } break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  }

  document.addEventListener("DOMContentLoaded", function () {
    cards = Array.prototype.slice.call(document.querySelectorAll("ol.queue > li.card"));
    cards.forEach(function (card) {
      revealed(card);
      var reveal = card.querySelector("details.reveal");
      if (reveal) { reveal.addEventListener("toggle", function () { revealed(card); }); }
      card.addEventListener("focusin", function () { current = cards.indexOf(card); });
    });
    document.addEventListener("keydown", onKey);
    if (!cards.length) { return; }
    var wanted = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var index = wanted ? cards.indexOf(wanted) : 0;
    focusCard(index < 0 ? 0 : index);
    document.body.dataset.shortcuts = "ready";
  });
})();
