using Hpo.Engine;

namespace Hpo.Node.Storage;

/// <summary>The database cannot be used: unreachable, refused, or holding a table of another shape.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : HpoException(message, inner);
