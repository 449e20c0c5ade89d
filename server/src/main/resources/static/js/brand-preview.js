// Live preview of the brand page's colours, with the same WCAG 2 contrast rule the server applies on save.
(function () {
  'use strict';
  var AA = 4.5;
  var WHITE = '#ffffff';
  var DARK = '#0f172a';

  function channel(v) {
    var c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  }
  function ratio(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function textOn(bg) {
    return ratio(bg, WHITE) >= ratio(bg, DARK) ? WHITE : DARK;
  }
  function valid(hex) {
    return /^#[0-9a-fA-F]{6}$/.test(hex);
  }

  function update() {
    var primary = document.getElementById('primaryColor').value;
    var secondary = document.getElementById('secondaryColor').value;
    var preview = document.getElementById('preview');
    var live = document.getElementById('contrast-live');
    var name = document.getElementById('displayName');
    if (!valid(primary) || !valid(secondary)) {
      return;
    }
    // CSSOM, not a style attribute: the Content-Security-Policy allows it.
    preview.style.setProperty('--brand', primary);
    preview.style.setProperty('--brand-contrast', textOn(primary));
    preview.style.setProperty('--brand-secondary', secondary);
    if (name && name.value.trim() !== '') {
      document.getElementById('preview-name').textContent = name.value;
    }
    var warnings = [];
    [['Primary', primary], ['Secondary', secondary]].forEach(function (pair) {
      var onWhite = ratio(pair[1], WHITE);
      if (onWhite < AA) {
        warnings.push(pair[0] + ' colour: ' + onWhite.toFixed(2) + ':1 on white, below WCAG AA (4.5:1).');
      }
    });
    live.textContent = warnings.join(' ');
    live.classList.toggle('error', warnings.length > 0);
  }

  document.addEventListener('DOMContentLoaded', function () {
    ['primaryColor', 'secondaryColor', 'displayName'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) {
        el.addEventListener('input', update);
      }
    });
    update();
  });
})();
