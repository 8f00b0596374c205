// missive's gallery: lists the messages of assets/rows.js one page at a time, with a search
// and a filter, fast for 100,000 rows: only one page is ever in the document, and the search
// text of every row is built once, on the first search.
//
// The state is in the address, so a link shows the same list: index.html#q=Lefèvre&f=avertissements&p=2
// (q: words to find, accents and case ignored; f: `avertissements` or `ignorees`; p: page).
// Everything from the data is written with textContent: nothing in a row is ever markup.
// The words it writes are the page's, in its language: the `data-` attributes of the list
// (index.html), where `{count}`, `{page}`… stand for the figures.
(function () {
  'use strict';
  var PAGE = 50;
  var rows = window.MISSIVE_ROWS || [];
  var meta = window.MISSIVE_META || { attachmentSets: [] };
  var haystacks = new Array(rows.length);
  var timer = null;

  var form = document.getElementById('recherche');
  var query = document.getElementById('q');
  var filter = document.getElementById('filtre');
  var status = document.getElementById('etat');
  var body = document.getElementById('lignes');
  var pager = document.getElementById('pages');
  var previous = document.getElementById('precedente');
  var next = document.getElementById('suivante');
  var position = document.getElementById('position');
  var lexicon = document.getElementById('liste').dataset;

  // A sentence of the page with its figures put in: say('position', { page: 2, pages: 3 }).
  function say(name, figures) {
    return (lexicon[name] || '').replace(/\{(\w+)\}/g, function (all, figure) {
      return figures[figure] === undefined ? all : String(figures[figure]);
    });
  }

  // A count with its thousands grouped as the page's language does: 1 234 or 1,234.
  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lexicon.group);
  }

  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  // A size as the page's language writes it, as missive does: 512 o, 177,5 ko / 177.5 kB.
  function size(bytes) {
    var units = lexicon.units.split(' ');
    if (bytes < 1e3) { return bytes + '\u00a0' + units[0]; }
    var value = bytes / 1e3;
    var unit = 1;
    while (value >= 1e3 && unit < units.length - 1) { value /= 1e3; unit += 1; }
    return value.toFixed(1).replace('.', lexicon.decimal) + '\u00a0' + units[unit];
  }

  function attachments(row) {
    return row[5] === null ? [] : (meta.attachmentSets[row[5]] || []);
  }

  // The search text of a row: built on demand, and ahead of time in small slices once the
  // first page is shown, so the first search does not wait for 100,000 of them.
  function searchText(r) {
    var names = attachments(r).map(function (a) { return a[0]; }).join(' ');
    return fold([r[0] === null ? '' : '#' + r[0], lexicon.rowWord + ' ' + r[1], r[2], r[3], r[4],
      names, r[7].join(' ')].join(' \u0001 '));
  }

  function haystack(index) {
    var text = haystacks[index];
    if (text === undefined) { text = haystacks[index] = searchText(rows[index]); }
    return text;
  }

  function prepare(from) {
    var end = Math.min(rows.length, from + 2000);
    for (var i = from; i < end; i++) { haystack(i); }
    if (end < rows.length) { setTimeout(function () { prepare(end); }, 0); }
  }

  function readState() {
    var params = new URLSearchParams(location.hash.slice(1));
    var page = parseInt(params.get('p') || '1', 10);
    return { q: params.get('q') || '', f: params.get('f') || '', p: page > 0 ? page : 1 };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) { params.set('q', state.q); }
    if (state.f) { params.set('f', state.f); }
    if (state.p > 1) { params.set('p', String(state.p)); }
    var hash = params.toString();
    history.replaceState(null, '', hash ? '#' + hash : location.pathname);
  }

  function matching(state) {
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    if (!words.length && !state.f) { return null; }
    var found = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (state.f === 'avertissements' && !r[7].length) { continue; }
      if (state.f === 'ignorees' && r[0] !== null) { continue; }
      var text = words.length ? haystack(i) : '';
      var all = true;
      for (var w = 0; w < words.length; w++) {
        if (text.indexOf(words[w]) < 0) { all = false; break; }
      }
      if (all) { found.push(i); }
    }
    return found;
  }

  function cell(tr, text, className) {
    var td = document.createElement('td');
    if (className) { td.className = className; }
    if (text !== undefined) { td.textContent = text; }
    tr.appendChild(td);
    return td;
  }

  function link(parent, href, text, label) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    if (label) { a.setAttribute('aria-label', label); }
    parent.appendChild(a);
    return a;
  }

  function rowElement(r) {
    var tr = document.createElement('tr');
    if (r[7].length) { tr.className = r[0] === null ? 'ignoree' : 'averti'; }
    var number = String(r[0] === null ? '' : r[0]);
    var name = number ? ('000000' + number).slice(-Math.max(5, number.length)) : '';
    cell(tr, r[0] === null ? '—' : number, 'num');
    cell(tr, String(r[1]), 'num');
    var who = cell(tr);
    if (r[2]) {
      var strong = document.createElement('span');
      strong.className = 'nom';
      strong.textContent = r[2];
      who.appendChild(strong);
      who.appendChild(document.createElement('br'));
    }
    var address = document.createElement('span');
    address.className = 'adresse';
    address.textContent = r[3];
    who.appendChild(address);
    cell(tr, r[4]);
    var files = cell(tr);
    attachments(r).forEach(function (a, i) {
      if (i) { files.appendChild(document.createElement('br')); }
      files.appendChild(document.createTextNode(a[0] + ' (' + size(a[1]) + ')'));
    });
    cell(tr, r[0] === null ? '—' : size(r[6]), 'num');
    var warnings = cell(tr, undefined, 'avertissements');
    if (r[7].length) {
      var list = document.createElement('ul');
      r[7].forEach(function (w) {
        var li = document.createElement('li');
        li.textContent = w;
        list.appendChild(li);
      });
      warnings.appendChild(list);
    }
    var links = cell(tr, undefined, 'liens');
    if (r[0] !== null) {
      link(links, 'messages/' + name + '.html', lexicon.view, say('viewLabel', { number: number }));
      if (r[8]) {
        links.appendChild(document.createTextNode(' · '));
        link(links, 'messages/' + name + '.eml', '.eml', say('emlLabel', { number: number }));
      }
    }
    return tr;
  }

  function render(announce) {
    var t0 = performance.now();
    var state = readState();
    query.value = state.q;
    filter.value = state.f;
    var found = matching(state);
    var count = found === null ? rows.length : found.length;
    var pages = Math.max(1, Math.ceil(count / PAGE));
    if (state.p > pages) { state.p = pages; }
    var start = (state.p - 1) * PAGE;
    var end = Math.min(count, start + PAGE);
    var fragment = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      fragment.appendChild(rowElement(rows[found === null ? i : found[i]]));
    }
    body.replaceChildren(fragment);
    previous.disabled = state.p <= 1;
    next.disabled = state.p >= pages;
    position.textContent = say('position', { page: state.p, pages: pages });
    var sentence = (found === null ? 'all' : 'some') + (count === 1 ? 'One' : 'Other');
    var said = count === 0 ? say('none', {})
      : say(sentence, { count: grouped(count), first: grouped(start + 1), last: grouped(end) });
    if (announce || status.textContent !== said) { status.textContent = said; }
    document.documentElement.dataset.searchMs = (performance.now() - t0).toFixed(1);
    return state;
  }

  function go(change) {
    var state = readState();
    change(state);
    writeState(state);
    render(true);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    go(function (s) { s.q = query.value.trim(); s.p = 1; });
  });
  query.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { go(function (s) { s.q = query.value.trim(); s.p = 1; }); }, 200);
  });
  filter.addEventListener('change', function () { go(function (s) { s.f = filter.value; s.p = 1; }); });
  previous.addEventListener('click', function () { go(function (s) { s.p -= 1; }); });
  next.addEventListener('click', function () { go(function (s) { s.p += 1; }); });
  window.addEventListener('hashchange', function () { render(true); });
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== query) {
      event.preventDefault();
      query.focus();
    }
  });

  form.hidden = false;
  pager.hidden = false;
  document.getElementById('sans-script').hidden = true;
  render(false);
  // From the start of navigation: the data file read and parsed, the first page shown.
  document.documentElement.dataset.readyMs = performance.now().toFixed(1);
  setTimeout(function () { prepare(0); }, 0);
}());
