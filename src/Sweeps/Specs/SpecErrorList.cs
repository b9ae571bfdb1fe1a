namespace Hpo.Sweeps.Specs;

/// <summary>Collects the errors of one document, so that a user sees all of them at once.</summary>
public sealed class SpecErrorList
{
    private readonly List<SpecError> _errors = [];

    public int Count => _errors.Count;
    public bool HasErrors => _errors.Count > 0;

    /// <summary>The errors ordered by position; errors at the same place keep the order they were found in.</summary>
    public IReadOnlyList<SpecError> Sorted() =>
        _errors.Select((e, i) => (e, i)).OrderBy(x => x.e.Line).ThenBy(x => x.e.Column).ThenBy(x => x.i)
            .Select(x => x.e).ToList();

    public void Add(SpecError error) => _errors.Add(error);

    public void Add(string path, SpecNode node, string message) =>
        _errors.Add(new SpecError(path, node.Line, node.Column, message));

    public void Add(string path, SpecLocation at, string message) =>
        _errors.Add(new SpecError(path, at.Line, at.Column, message));

    public void ThrowIfAny(string sourceName)
    {
        if (HasErrors) throw new SpecException(sourceName, Sorted());
    }
}
