using System.Diagnostics;
using Hpo.Engine.Data;
using Hpo.Engine.Diagnostics;
using Hpo.Engine.Kernels;
using Hpo.Engine.Options;
using Hpo.Engine.Training;

namespace Hpo.Engine.Tests.Training;

/// <summary>
/// A network trained far past the point where its training loss reads 0.0000 (digits, two layers of 256,
/// batch 32): softmax outputs, their gradients and the optimiser's state underflow there, and every
/// subnormal float costs a microcode assist on many processors. None may be left anywhere.
/// </summary>
public class SubnormalTests(ITestOutputHelper output)
{
    public static TheoryData<OptimizerKind> Optimizers => [OptimizerKind.Momentum, OptimizerKind.Adam];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_saturated_network_holds_no_subnormal_value(OptimizerKind optimizer)
    {
        // Set by the scalar-path test below for the copy of this test it runs.
        if (Environment.GetEnvironmentVariable(ExpectedPath) is { } path) Assert.Equal(path, Gemm.Isa);
        var split = DataSplitter.Split(BuiltinDatasets.Digits(), validation: 0.2, test: 0, seed: 21);
        var session = new TrainingSession(new ModelOptions { HiddenUnits = [256, 256] },
            new TrainingOptions { Optimizer = optimizer, Momentum = 0.9, LearningRate = 0.01, BatchSize = 32, MaxEpochs = 60, Seed = 21 },
            split);
        var census = new SubnormalCensus();
        session.Census = census;

        session.Run();
        output.WriteLine(census.ToString());

        Assert.True(session.Curve[^1].TrainLoss < 1e-3, $"the network did not saturate: training loss {session.Curve[^1].TrainLoss}");
        foreach (var site in Enum.GetValues<SubnormalSite>())
        {
            Assert.True(census.Examined(site) > 0, $"{SubnormalCensus.Name(site)}: nothing examined");
            Assert.True(census.Subnormal(site) == 0, $"{SubnormalCensus.Name(site)}: {census.Subnormal(site)} subnormal of {census.Examined(site)}");
        }
    }

    private const string ExpectedPath = "HPO_TEST_EXPECTED_SIMD_PATH";

    [Fact]
    public async Task The_scalar_path_holds_no_subnormal_value_either()
    {
        // The kernels pick their path once per process: this test runs the one above in a process with no
        // hardware intrinsics, where every kernel takes its scalar loop.
        var assembly = typeof(SubnormalTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { assembly, "-method", $"{typeof(SubnormalTests).FullName}.{nameof(A_saturated_network_holds_no_subnormal_value)}", "-noColor" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_EnableHWIntrinsic"] = "0";
        start.Environment[ExpectedPath] = "scalar";
        using var process = Process.Start(start)!;
        var cancel = TestContext.Current.CancellationToken;
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        string stdout = await process.StandardOutput.ReadToEndAsync(cancel);
        await process.WaitForExitAsync(cancel);
        output.WriteLine(stdout + await stderr);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}:\n{stdout}{await stderr}");
        Assert.Contains("Total: 2, Errors: 0, Failed: 0", stdout);
    }
}
