using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hpo.Sweeps.Specs;

/// <summary>
/// Builds the <see cref="SpecNode"/> tree from YamlDotNet's event parser, with an explicit stack instead of
/// recursion: YamlDotNet's own node model recurses once per level, so a deeply nested document overflowed the
/// stack before any depth check could run. Depth is refused at the first collection past
/// <see cref="SpecLimits.MaxDepth"/>; an alias shares the node it names (no copy) but counts as its copy
/// towards <see cref="SpecLimits.MaxNodes"/>, so a billion-laughs document is refused at the alias that
/// crosses the cap.
/// </summary>
internal sealed class SpecTreeBuilder(IParser parser)
{
    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>A node with what it costs: nodes counting expansions, and its height (1 for a scalar).</summary>
    private readonly record struct Built(SpecNode Node, long Size, int Height);

    private sealed class Frame(bool mapping, string path, string? anchor, int line, int column)
    {
        public bool IsMapping { get; } = mapping;
        public string Path { get; } = path;
        public string? Anchor { get; } = anchor;
        public int Line { get; } = line;
        public int Column { get; } = column;
        public List<SpecNode> Items { get; } = [];
        public List<SpecEntry> Entries { get; } = [];
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
        public long Size { get; set; } = 1;
        public int Height { get; set; } = 1;

        /// <summary>The key whose value comes next; null while a key is expected.</summary>
        public SpecScalar? Key { get; set; }

        /// <summary>The key was refused (a duplicate, or not a scalar): its value is read and dropped.</summary>
        public bool DropValue { get; set; }

        public bool ExpectsKey => IsMapping && Key is null && !DropValue;

        /// <summary>The path of the node that comes next in this collection.</summary>
        public string ChildPath => IsMapping
            ? Key is { } key ? SpecPath.Join(Path, key.Value) : Path
            : SpecPath.Index(Path, Items.Count);
    }

    private readonly Dictionary<string, Built> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _open = new();
    private readonly SpecErrorList _errors = new();
    private long _nodes;
    private Built? _root;

    public SpecNode? Build(string sourceName)
    {
        var documents = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            switch (e)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        var at = parser.MoveNext() ? parser.Current!.Start : e.Start;
                        throw Fail(sourceName, "", at, "holds more than one YAML document; a spec is one document");
                    }
                    break;
                case Scalar scalar:
                    Count(sourceName, 1, scalar.Start, CurrentPath);
                    var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
                                     or ScalarStyle.Literal or ScalarStyle.Folded
                                 || scalar.Tag.ToString() == StringTag;
                    Add(Remember(scalar.Anchor, new Built(new SpecScalar(scalar.Value, quoted, Line(scalar), Column(scalar)), 1, 1)));
                    break;
                case SequenceStart or MappingStart:
                    var collection = (NodeEvent)e;
                    if (_open.Count + 1 > SpecLimits.MaxDepth)
                        throw Fail(sourceName, "", e.Start, $"nested more than {SpecLimits.MaxDepth} levels deep"); // a path that deep reads as noise
                    Count(sourceName, 1, e.Start, CurrentPath);
                    _open.Push(new Frame(e is MappingStart, CurrentPath, collection.Anchor.IsEmpty ? null : collection.Anchor.Value,
                        Line(e), Column(e)));
                    break;
                case SequenceEnd or MappingEnd:
                    var done = _open.Pop();
                    SpecNode node = done.IsMapping
                        ? new SpecMapping(done.Entries, done.Line, done.Column)
                        : new SpecSequence(done.Items, done.Line, done.Column);
                    Add(Remember(done.Anchor, new Built(node, done.Size, done.Height)));
                    break;
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var named))
                        throw Fail(sourceName, CurrentPath, e.Start, $"the alias *{alias.Value.Value} names no anchor (&{alias.Value.Value}) defined before it");
                    if (_open.Count + named.Height - 1 > SpecLimits.MaxDepth)
                        throw Fail(sourceName, "", e.Start,
                            $"the alias *{alias.Value.Value} nests the document more than {SpecLimits.MaxDepth} levels deep");
                    Count(sourceName, named.Size, e.Start, CurrentPath, alias.Value.Value);
                    Add(named);
                    break;
            }
        }
        _errors.ThrowIfAny(sourceName);
        return _root?.Node;
    }

    private string CurrentPath => _open.TryPeek(out var top) ? top.ChildPath : "";

    private void Count(string sourceName, long nodes, Mark at, string path, string? alias = null)
    {
        _nodes += nodes;
        if (_nodes <= SpecLimits.MaxNodes) return;
        throw Fail(sourceName, path, at, alias is null
            ? $"the document holds more than {SpecLimits.MaxNodes:N0} values"
            : $"the alias *{alias} expands the document to more than {SpecLimits.MaxNodes:N0} values (aliases count as copies of what they name)");
    }

    private Built Remember(AnchorName anchor, Built built) => Remember(anchor.IsEmpty ? null : anchor.Value, built);

    private Built Remember(string? anchor, Built built)
    {
        if (anchor is not null) _anchors[anchor] = built;
        return built;
    }

    /// <summary>Files a finished node under its collection (a key, a value or an item), or as the root.</summary>
    private void Add(Built built)
    {
        if (!_open.TryPeek(out var parent))
        {
            _root ??= built;
            return;
        }
        parent.Size += built.Size;
        parent.Height = Math.Max(parent.Height, built.Height + 1);
        if (!parent.IsMapping)
        {
            parent.Items.Add(built.Node);
            return;
        }
        if (parent.DropValue)
        {
            parent.DropValue = false;
            return;
        }
        if (parent.Key is { } key)
        {
            parent.Entries.Add(new SpecEntry(key, built.Node));
            parent.Key = null;
            return;
        }
        if (built.Node is not SpecScalar keyScalar)
        {
            _errors.Add(new SpecError(parent.Path, built.Node.Line, built.Node.Column, "a key must be a plain name, not a list or a mapping"));
            parent.DropValue = true;
            return;
        }
        var name = new SpecScalar(keyScalar.Value, true, keyScalar.Line, keyScalar.Column);
        if (!parent.Seen.Add(name.Value))
        {
            _errors.Add(new SpecError(SpecPath.Join(parent.Path, name.Value), name.Line, name.Column, "duplicate key"));
            parent.DropValue = true;
            return;
        }
        parent.Key = name;
    }

    private static int Line(ParsingEvent e) => (int)e.Start.Line;
    private static int Column(ParsingEvent e) => (int)e.Start.Column;

    private SpecException Fail(string sourceName, string path, Mark at, string message)
    {
        _errors.Add(new SpecError(path, (int)at.Line, (int)at.Column, message));
        return new SpecException(sourceName, _errors.Sorted());
    }
}
