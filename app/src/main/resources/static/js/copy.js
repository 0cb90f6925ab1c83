/*
 * Copy buttons: <button data-copy="ID"> copies the text of the element with that id.
 * The Clipboard API exists only on https and localhost; a panel reached over plain http
 * falls back to selecting the text and the older copy command, and when even that is refused
 * the text stays selected so Ctrl-C copies it.
 */
(function () {
  'use strict';

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function done(button, label) {
    var original = button.getAttribute('data-label') || button.textContent;
    button.setAttribute('data-label', original);
    button.textContent = label;
    window.setTimeout(function () { button.textContent = original; }, 2000);
  }

  function fallback(button, element) {
    select(element);
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    done(button, copied ? 'Copied' : 'Press Ctrl-C');
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-copy]') : null;
    if (!button) {
      return;
    }
    var element = document.getElementById(button.getAttribute('data-copy'));
    if (!element) {
      return;
    }
    var text = element.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(button, 'Copied'); },
        function () { fallback(button, element); });
    } else {
      fallback(button, element);
    }
  });
}());
