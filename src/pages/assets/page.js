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

// Progressive enhancement of the intake form: seal the answers in this browser to the form's
// recipients, make the receipt here, solve the proof of work when asked, post in sealed mode and
// show the receipt from the browser. Without WebAssembly (or the bundle) the plain POST stays.
(function () {
  var form = document.getElementById('intake-form');
  if (!form) return;
  var note = document.getElementById('mode-note');
  var data = form.dataset;
  var enhanced = false;
  var busy = false;
  if (typeof WebAssembly !== 'object') {
    note.textContent = data.noteWasm;
  } else {
    var script = document.createElement('script');
    script.src = '/f/_/corridor-crypto.js';
    script.onload = function () {
      window.CorridorCrypto.initCrypto().then(
        function () {
          enhanced = true;
          note.textContent = data.noteJs;
        },
        function () {
          note.textContent = data.noteWasm;
        },
      );
    };
    script.onerror = function () {
      note.textContent = data.noteWasm;
    };
    document.head.appendChild(script);
  }

  function valueOf(field) {
    var key = field.key;
    if (field.type === 'multiple_choice') {
      var chosen = Array.prototype.map.call(
        form.querySelectorAll('input[name="' + key + '"]:checked'),
        function (input) {
          return input.value;
        },
      );
      return chosen.length ? chosen : undefined;
    }
    if (field.type === 'single_choice' || field.type === 'boolean') {
      var checked = form.querySelector('input[name="' + key + '"]:checked');
      if (!checked) return undefined;
      return field.type === 'boolean' ? checked.value === 'yes' : checked.value;
    }
    var element = form.elements.namedItem(key);
    var text = element ? element.value : '';
    if (text.trim() === '') return undefined;
    return field.type === 'text' || field.type === 'long_text' ? text : text.trim();
  }

  function sha256Bits(text) {
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var bits = 0;
      for (var i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0) {
          bits += 8;
          continue;
        }
        bits += Math.clz32(bytes[i]) - 24;
        break;
      }
      return bits;
    });
  }

  async function solve(pow) {
    var res = await fetch(pow.challengePath, { method: 'POST', credentials: 'omit' });
    if (res.status !== 201) throw new Error('challenge');
    var challenge = await res.json();
    for (var i = 0; ; i++) {
      var nonce = i.toString(36);
      if ((await sha256Bits(challenge.challenge + nonce)) >= challenge.difficultyBits)
        return { challenge: challenge.challenge, nonce: nonce };
    }
  }

  function markMissing(fields) {
    Array.prototype.forEach.call(form.querySelectorAll('[data-js-error]'), function (old) {
      old.remove();
    });
    fields.forEach(function (f, index) {
      var id = 'f-' + f.key;
      var holder = document.getElementById(id);
      if (!holder) return;
      var error = document.createElement('p');
      error.className = 'error';
      error.id = id + '-error';
      error.setAttribute('data-js-error', '');
      error.textContent = data.required;
      var target = holder.tagName === 'FIELDSET' ? holder : holder.parentNode;
      target.insertBefore(error, holder.tagName === 'FIELDSET' ? holder.querySelector('.choice') : holder);
      var described = (holder.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      if (described.indexOf(error.id) < 0) described.push(error.id);
      holder.setAttribute('aria-describedby', described.join(' '));
      holder.setAttribute('aria-invalid', 'true');
      if (index === 0) (holder.querySelector('input') || holder).focus();
    });
  }

  function reportUuid(C) {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = C.randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = C.toHex(b);
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  async function sealAndSend() {
    var C = window.CorridorCrypto;
    var slug = data.slug;
    var pf = await (
      await fetch('/api/v1/forms/' + encodeURIComponent(slug) + '/public', { credentials: 'omit' })
    ).json();
    var missing = pf.definition.fields.filter(function (f) {
      return f.required && valueOf(f) === undefined;
    });
    // Missing answers are shown here, next to their fields: nothing leaves the browser.
    if (missing.length) {
      markMissing(missing);
      return false;
    }
    var reportId = reportUuid(C);
    var receipt = C.generateReceipt();
    var keys = C.generateCaseKeyPair();
    var kdf = pf.receiptKdf;
    var receiptKeys = C.deriveReceiptKeys(receipt, C.fromBase64Url(kdf.salt), {
      opsLimit: kdf.opsLimit,
      memLimitBytes: kdf.memLimitBytes,
    });
    var env = pf.answerEnvelope;
    var answers = {};
    var statistics = {};
    pf.definition.fields.forEach(function (f) {
      var value = valueOf(f);
      if (value === undefined) return;
      if (f.classification === 'statistical') statistics[f.key] = value;
      else
        answers[f.key] = C.toBase64Url(
          C.sealToCase(keys.publicKey, JSON.stringify(value), {
            purpose: env.purpose,
            table: env.table,
            column: env.column,
            rowId: reportId + ':' + f.key,
          }),
        );
    });
    var body = {
      sealed: {
        reportId: reportId,
        casePublicKey: C.toBase64Url(keys.publicKey),
        answers: answers,
        slots: pf.recipients.map(function (r) {
          return {
            keyId: r.keyId,
            sealedKey: C.toBase64Url(C.sealKeySlot(keys.privateKey, C.fromBase64Url(r.publicKey), reportId)),
          };
        }),
        reporterSlot: C.toBase64Url(C.sealReporterSlot(keys.privateKey, receiptKeys.slotKey, reportId)),
        receiptLookupValue: C.toBase64Url(receiptKeys.lookupValue),
      },
      statistics: statistics,
      language: data.lang,
    };
    C.wipe(keys.privateKey, receiptKeys.slotKey);
    if (pf.proofOfWork) body.proof = await solve(pf.proofOfWork);
    var res = await fetch('/api/v1/intake/' + encodeURIComponent(slug) + '/reports', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error('refused');
    var shown = document.getElementById('receipt-template').content.cloneNode(true);
    shown.querySelector('[data-receipt]').textContent = receipt;
    var main = document.getElementById('main');
    main.replaceChildren(shown);
    var title = document.getElementById('receipt-title');
    title.setAttribute('tabindex', '-1');
    title.focus();
    return true;
  }

  // The plain POST when proof of work is on: SHA-256 needs WebCrypto, not WebAssembly, so the
  // proof rides in two hidden fields and the server encrypts on arrival. Without WebCrypto the
  // post goes without it and the server's page explains.
  function plainPostWithProof() {
    solve({ challengePath: data.powPath }).then(
      function (proof) {
        ['challenge', 'nonce'].forEach(function (name) {
          var input = document.createElement('input');
          input.type = 'hidden';
          input.name = '_pow_' + name;
          input.value = proof[name];
          form.appendChild(input);
        });
        form.submit();
      },
      function () {
        form.submit();
      },
    );
  }

  form.addEventListener('submit', function (event) {
    if (!enhanced) {
      if (!data.powPath || !(window.crypto && crypto.subtle)) return; // the plain POST as it is
      event.preventDefault();
      if (busy) return;
      busy = true;
      note.textContent = data.sending;
      plainPostWithProof();
      return;
    }
    event.preventDefault();
    if (busy) return;
    busy = true;
    note.textContent = data.sending;
    sealAndSend().then(
      function (done) {
        busy = false;
        if (!done) note.textContent = data.noteJs;
      },
      function () {
        busy = false;
        note.textContent = data.failed;
      },
    );
  });
})();
