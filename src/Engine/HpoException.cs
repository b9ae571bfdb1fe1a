namespace Hpo.Engine;

/// <summary>
/// A failure the user caused and can fix: a bad spec, bad data, an unusable model file, a bad setting, an
/// unreachable database. Its message is written for them; every command ends with it and exit code 2 instead of a
/// stack trace. Anything that is not an <see cref="HpoException"/> is a bug.
/// </summary>
public abstract class HpoException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    protected HpoException(string message) : base(message) { }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    protected HpoException(string message, Exception? inner) : base(message, inner) { }
}
