/*
 * pobsync live refresh (SPEC section 10; docs/development.md, "UI refresh pattern").
 *
 * A page region opts in with two attributes on the element that gets replaced:
 *   data-refresh-url="/runs/42/partial"   a server-rendered partial whose root is that same element
 *   data-refresh-interval="2000"          milliseconds between refreshes
 * This script polls only those regions. It skips refreshes while the tab is hidden (and catches
 * up once it is visible again), and it stops polling a region when the partial answers with
 * "X-Pobsync-Refresh-Active: false" (e.g. once a run has finished) or when the new element no
 * longer carries data-refresh-url. Form-heavy sections must never opt in.
 */
(function () {
  'use strict';

  var ACTIVE_HEADER = 'X-Pobsync-Refresh-Active';
  var MIN_INTERVAL = 1000;
  var MAX_BACKOFF = 60000;
  var paused = [];

  function intervalOf(region) {
    var ms = parseInt(region.getAttribute('data-refresh-interval'), 10);
    return isNaN(ms) ? 5000 : Math.max(MIN_INTERVAL, ms);
  }

  function schedule(region, delay) {
    window.setTimeout(function () { refresh(region, delay); }, delay);
  }

  function scrollLogsToEnd(root) {
    var logs = root.querySelectorAll('[data-scroll-end]');
    for (var i = 0; i < logs.length; i++) {
      logs[i].scrollTop = logs[i].scrollHeight;
    }
  }

  function parse(html) {
    var template = document.createElement('template');
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function refresh(region, lastDelay) {
    if (!region.isConnected) {
      return;
    }
    if (document.hidden) {
      paused.push(region); // resumed by the visibilitychange handler below
      return;
    }
    var url = region.getAttribute('data-refresh-url');
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'X-Requested-With': 'pobsync-refresh' } })
      .then(function (response) {
        // A redirect means the session ended (the login page answered): stop rather than
        // paste a login form into the region. A 404 means the thing is gone.
        if (response.redirected || response.status === 404 || response.status === 403) {
          region.classList.add('refresh-stopped');
          return;
        }
        if (!response.ok) {
          schedule(region, Math.min(MAX_BACKOFF, lastDelay * 2));
          return;
        }
        var active = response.headers.get(ACTIVE_HEADER) !== 'false';
        return response.text().then(function (html) {
          var fresh = parse(html);
          var current = region;
          if (fresh) {
            region.replaceWith(fresh);
            scrollLogsToEnd(fresh);
            current = fresh;
          }
          if (active && current.hasAttribute('data-refresh-url')) {
            schedule(current, intervalOf(current));
          }
        });
      })
      .catch(function () {
        // Network trouble (server restarting): try again, more slowly.
        schedule(region, Math.min(MAX_BACKOFF, lastDelay * 2));
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) {
      return;
    }
    var resume = paused;
    paused = [];
    for (var i = 0; i < resume.length; i++) {
      refresh(resume[i], intervalOf(resume[i]));
    }
  });

  function start() {
    scrollLogsToEnd(document);
    var regions = document.querySelectorAll('[data-refresh-url]');
    for (var i = 0; i < regions.length; i++) {
      schedule(regions[i], intervalOf(regions[i]));
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
