namespace Hpo.Engine.Persistence;

public enum BlockType { Float32, Int32, UInt64 }
