using System.Globalization;
using Hpo.Engine.Options;

namespace Hpo.Engine.Data;

/// <summary>The raw target cells of a text file, and the decisions about them (task, classes).</summary>
internal sealed class TargetColumn
{
    private readonly string _src;
    private readonly int _column;
    private readonly string? _name;
    private readonly List<(string Cell, int Line)> _cells;
    private readonly float[] _values;
    private readonly NumberText.Result[] _results;

    public TargetColumn(string src, int column, string? name, List<(string Cell, int Line)> cells)
    {
        _src = src;
        _column = column;
        _name = name;
        _cells = cells;
        _values = new float[cells.Count];
        _results = new NumberText.Result[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            var (cell, line) = cells[i];
            if (cell.Length == 0) throw Error(line, "the target is empty (missing value)");
            _results[i] = NumberText.TryParseFloat(cell, out _values[i]);
            if (_results[i] is NumberText.Result.NotFinite or NumberText.Result.OutOfRange)
                throw Error(line, NumberText.Describe(_results[i], cell));
        }
    }

    private bool AllNumeric => _results.All(r => r == NumberText.Result.Ok);

    /// <summary>Classification for non-numeric targets or few distinct integers; regression otherwise.</summary>
    public TaskKind GuessTask(int maxAutoClasses)
    {
        if (!AllNumeric)
        {
            int numeric = _results.Count(r => r == NumberText.Result.Ok);
            if (numeric * 2 > _results.Length)
            {
                int bad = Array.FindIndex(_results, r => r != NumberText.Result.Ok);
                throw Error(_cells[bad].Line,
                    $"'{_cells[bad].Cell}' is not a number, though most targets are numeric (set the task to classification to use the targets as class labels)");
            }
            return TaskKind.Classification;
        }
        bool integers = _values.All(v => v == MathF.Floor(v));
        return integers && _values.Distinct().Count() <= maxAutoClasses ? TaskKind.Classification : TaskKind.Regression;
    }

    public float[] Numbers()
    {
        int bad = Array.FindIndex(_results, r => r != NumberText.Result.Ok);
        if (bad >= 0)
            throw Error(_cells[bad].Line, NumberText.Describe(_results[bad], _cells[bad].Cell) + " (the task is regression)");
        return (float[])_values.Clone();
    }

    /// <summary>Labels 0..k-1: numeric targets in ascending order, otherwise strings in ordinal order.</summary>
    public (int[] Labels, IReadOnlyList<string> ClassNames) Classes()
    {
        string[] keys;
        string[] classNames;
        if (AllNumeric)
        {
            var distinct = _values.Distinct().Order().ToArray();
            classNames = distinct.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            keys = new string[_values.Length];
            var byValue = distinct.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => classNames[p.i]);
            for (int i = 0; i < keys.Length; i++) keys[i] = byValue[_values[i]];
        }
        else
        {
            keys = _cells.Select(c => c.Cell).ToArray();
            classNames = keys.Distinct().Order(StringComparer.Ordinal).ToArray();
        }
        if (classNames.Length < 2)
            throw DataException.At(_src, null, _column, _name,
                $"the target has a single class '{classNames[0]}'; classification needs at least 2");
        var index = classNames.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var labels = keys.Select(k => index[k]).ToArray();
        return (labels, classNames);
    }

    private DataException Error(int line, string problem) => DataException.At(_src, line, _column, _name, problem);
}
