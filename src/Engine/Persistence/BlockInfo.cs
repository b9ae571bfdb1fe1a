namespace Hpo.Engine.Persistence;

/// <summary>One binary block after the header: its name, element type and element count.</summary>
public sealed record BlockInfo(string Name, BlockType Type, int Length);
