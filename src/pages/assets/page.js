'use strict';
// Quick exit: leave at once and replace this page in the history, so "back" does not return here.
(function () {
  var exit = document.querySelector('[data-quick-exit]');
  if (exit) {
    exit.addEventListener('click', function (event) {
      event.preventDefault();
      window.location.replace(exit.getAttribute('href'));
    });
  }
})();
