namespace Hpo.Engine.Kernels;

/// <summary>Work split into independent chunks: chunk i may run on any thread of a <see cref="WorkTeam"/>.</summary>
internal interface ITeamWork
{
    /// <summary>Does chunk <paramref name="chunk"/> of the work.</summary>
    void RunChunk(int chunk);
}
