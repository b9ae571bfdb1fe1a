using Hpo.Protocol;
using Hpo.Worker.Checkpoints;
using Hpo.Worker.Cluster;

namespace Hpo.Worker.Tests.Cluster;

public class ModelServerTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(ModelServer.PartBytes, 1)]
    [InlineData(2 * ModelServer.PartBytes + 1, 3)]
    public void A_stored_model_goes_out_in_parts_under_the_frame_size_that_join_back_into_its_bytes(int length, int parts)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();
        var sent = ModelServer.Split(new FetchModel("s", 4), new StoredCheckpoint(9, data)).ToList();
        Assert.Equal(parts, sent.Count);
        Assert.All(sent, p => Assert.True(p.Data.Length <= ModelServer.PartBytes && p.Count == parts && p.Epoch == 9));
        Assert.Equal(Enumerable.Range(0, parts), sent.Select(p => p.Index));
        Assert.Equal(data, sent.SelectMany(p => p.Data).ToArray());
    }
}
