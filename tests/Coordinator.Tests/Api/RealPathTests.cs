using Hpo.Coordinator.Api;
using Hpo.Coordinator.Tests.Cli;

namespace Hpo.Coordinator.Tests.Api;

public sealed class RealPathTests
{
    [Fact]
    public void Files_and_directories_linked_from_inside_to_inside_stay_inside()
    {
        using var dir = new TempDir();
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        Directory.CreateDirectory(Path.Combine(data, "csv"));
        File.WriteAllText(Path.Combine(data, "csv", "a.csv"), "x\n");
        File.CreateSymbolicLink(Path.Combine(data, "b.csv"), "csv/a.csv");
        Directory.CreateSymbolicLink(Path.Combine(data, "alias"), Path.Combine(data, "csv"));
        Assert.True(RealPath.IsInside("b.csv", data));
        Assert.True(RealPath.IsInside("alias/a.csv", data));
        Assert.Equal(Path.Combine(data, "csv", "a.csv"), RealPath.Of("alias/a.csv", data));
    }

    [Fact]
    public void A_linked_data_directory_is_compared_by_where_it_really_is()
    {
        using var dir = new TempDir();
        var real = Directory.CreateDirectory(Path.Combine(dir.Path, "real")).FullName;
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateSymbolicLink(data, real);
        Assert.True(RealPath.IsInside("x.csv", data));
        Assert.True(RealPath.IsInside(Path.Combine(real, "x.csv"), data));
        Assert.False(RealPath.IsInside(Path.Combine(dir.Path, "x.csv"), data));
    }

    [Fact]
    public void Dot_dot_after_a_link_climbs_from_where_the_link_points_as_the_kernel_does()
    {
        using var dir = new TempDir();
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        var deep = Directory.CreateDirectory(Path.Combine(dir.Path, "outside", "deep")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(data, "hop"), deep);
        // Erasing "hop/.." as text would give data/x.csv; opened, it is outside/x.csv.
        Assert.Equal(Path.Combine(dir.Path, "outside", "x.csv"), RealPath.Of("hop/../x.csv", data));
        Assert.False(RealPath.IsInside("hop/../x.csv", data));
    }

    [Fact]
    public void A_loop_of_links_is_refused_not_followed_forever()
    {
        using var dir = new TempDir();
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        File.CreateSymbolicLink(Path.Combine(data, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(data, "b"), "a");
        Assert.Throws<IOException>(() => RealPath.Of("a", data));
    }

    [Fact]
    public void A_path_that_does_not_exist_yet_is_kept_as_written_after_its_real_parent()
    {
        using var dir = new TempDir();
        var data = Directory.CreateDirectory(Path.Combine(dir.Path, "data")).FullName;
        Assert.Equal(Path.Combine(data, "new", "file.csv"), RealPath.Of("new/./file.csv", data));
    }
}
