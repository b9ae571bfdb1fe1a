namespace Hpo.Coordinator.Tests.Integration;

/// <summary>Polls a condition of real processes until it holds, a failed HTTP call counting as "not yet".</summary>
internal static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/> (default <see cref="LocalCluster.Long"/>).</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? LocalCluster.Long);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds while <paramref name="progress"/> (epochs trained) keeps
    /// rising: fails with <paramref name="what"/> only once it has not risen for <paramref name="stall"/>
    /// (default <see cref="LocalCluster.Long"/>), however long the training takes on this machine.
    /// </summary>
    public static async Task UntilWhileProgressing(Func<Task<bool>> condition, Func<Task<double>> progress, string what, TimeSpan? stall = null)
    {
        var deadline = new StallDeadline(stall ?? LocalCluster.Long);
        while (true)
        {
            try
            {
                if (await condition()) return;
                deadline.Observe(await progress());
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            Assert.False(deadline.Passed, deadline.Describe(what));
            await Task.Delay(200);
        }
    }
}
