// The evidence map's interactions. No inline handlers anywhere: the page's CSP allows only this file.
(function () {
  document.querySelectorAll('.timeline .cluster-row').forEach(function (row) {
    row.addEventListener('click', function () {
      window.location.href = '/claims/' + encodeURIComponent(row.getAttribute('data-cluster'));
    });
  });
  document.querySelectorAll('.graph path.edge').forEach(function (edge) {
    edge.addEventListener('click', function () {
      document.querySelectorAll('tr.picked').forEach(function (tr) { tr.classList.remove('picked'); });
      var row = document.getElementById('rel-' + edge.getAttribute('data-row'));
      var table = document.getElementById('relation-table');
      if (table) { table.open = true; }
      if (row) { row.classList.add('picked'); row.scrollIntoView({block: 'center'}); }
    });
  });
})();
