namespace Hpo.Coordinator.Reports;

/// <summary>The page's inline style and script: a report is one file with no external resource.</summary>
internal static class ReportAssets
{
    public const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }
        h1 { margin-bottom: 0.2em; }
        h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 2em; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        table.summary th { width: 12em; }
        table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; }
        table.sortable th[aria-sort="ascending"]::after { content: " \25B2"; }
        table.sortable th[aria-sort="descending"]::after { content: " \25BC"; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.best td { background: #fff6d5; }
        .scroll { overflow-x: auto; }
        figure { margin: 1em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.9em; color: #555; }
        .grid { display: flex; flex-wrap: wrap; gap: 1em; }
        .grid figure { flex: 1 1 480px; }
        p.skipped { color: #777; font-style: italic; }
        """;

    /// <summary>
    /// Marks every image with whether it loaded (a headless browser's DOM shows it), and sorts a table by the
    /// clicked header: numbers as numbers, blanks last.
    /// </summary>
    public const string Script = """
        window.addEventListener('load', function () {
          document.querySelectorAll('img').forEach(function (img) {
            img.setAttribute('data-loaded', String(img.complete && img.naturalWidth > 0));
          });
        });
        function cellValue(row, column) {
          var cell = row.cells[column];
          var value = cell.getAttribute('data-value');
          return value === null ? cell.textContent.trim() : value;
        }
        function compareValues(a, b) {
          var x = Number(a), y = Number(b);
          if (!isNaN(x) && !isNaN(y)) return x - y;
          return a.localeCompare(b);
        }
        document.querySelectorAll('table.sortable').forEach(function (table) {
          var headers = table.tHead.rows[0].cells;
          Array.prototype.forEach.call(headers, function (header, column) {
            header.addEventListener('click', function () {
              var ascending = header.getAttribute('aria-sort') !== 'ascending';
              Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
              header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var body = table.tBodies[0];
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (r, s) {
                var a = cellValue(r, column), b = cellValue(s, column);
                if (a === '' || b === '') return a === b ? 0 : (a === '' ? 1 : -1);
                return ascending ? compareValues(a, b) : compareValues(b, a);
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
        });
        """;
}
