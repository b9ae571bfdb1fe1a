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
}
