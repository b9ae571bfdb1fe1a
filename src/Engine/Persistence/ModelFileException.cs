namespace Hpo.Engine.Persistence;

/// <summary>A model or checkpoint file that cannot be used: its message names the file and what is wrong.</summary>
public sealed class ModelFileException(string message, Exception? inner = null) : HpoException(message, inner);
