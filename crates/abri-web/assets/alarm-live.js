// Keeps the alarm page live: follows /events (SSE) and places each event the server has
// already worded in the page's language. Without this script, a reload shows the same truth.
(function () {
  'use strict';
  var root = document.getElementById('alarm');
  if (!root || !window.EventSource) { return; }
  var home = root.getAttribute('data-home');
  var after = root.getAttribute('data-after');
  var source = new EventSource('/events?after=' + encodeURIComponent(after));
  source.addEventListener('alarm', function (message) {
    var e;
    try { e = JSON.parse(message.data); } catch (err) { return; }
    if (e.home !== home) { return; }
    document.getElementById('alarm-contact').textContent = e.contact;
    var offline = document.getElementById('alarm-offline');
    if (offline) { offline.hidden = !e.offline; }
    // Going off, or leaving it: the server draws the question and the answer.
    if (e.state && (e.triggered || document.querySelector('.card.triggered'))) {
      window.location.reload();
      return;
    }
    if (e.state) {
      var state = document.getElementById('alarm-state');
      state.textContent = e.state[0];
      state.className = 'alarm-state ' + e.state[1];
      document.getElementById('alarm-since').textContent = e.since;
      // The last command's line was true at load time; the state now tells what happened.
      var command = document.getElementById('alarm-command');
      if (command) { command.hidden = true; }
      var allowed = e.allowed || [];
      root.querySelectorAll('[data-control]').forEach(function (control) {
        control.hidden = allowed.indexOf(control.getAttribute('data-control')) < 0;
      });
    }
    if (e.device) {
      var row = root.querySelector('tr[data-device="' + CSS.escape(e.device) + '"]');
      if (row && e.device_status) {
        var status = row.querySelector('.device-status');
        status.textContent = e.device_status;
        status.classList.toggle('critical', e.device_alert);
      }
      if (row) { row.querySelector('.device-seen').textContent = e.at; }
      if (row && e.device_battery) {
        row.querySelector('.device-battery').textContent = e.device_battery;
      }
    }
    if (e.routine) { return; }
    var list = document.getElementById('alarm-events');
    var item = document.createElement('li');
    var time = document.createElement('time');
    time.textContent = e.at;
    var text = document.createElement('span');
    text.textContent = e.text;
    item.appendChild(time);
    item.appendChild(document.createTextNode(' '));
    item.appendChild(text);
    list.insertBefore(item, list.firstChild);
    while (list.children.length > 50) { list.removeChild(list.lastChild); }
    var empty = document.getElementById('alarm-no-events');
    if (empty) { empty.remove(); }
  });
})();
