using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Hpo.Coordinator.Persistence;
using Hpo.Engine.Diagnostics;
using Hpo.Sweeps.Journal;
using Hpo.Sweeps.Search;
using Hpo.Sweeps.Search.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hpo.Coordinator.Tests.Persistence;

public sealed class CoordinatorSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-tests", ConfigurationFactory.Empty);
    private readonly CoordinatorSerializer _serializer;

    public CoordinatorSerializerTests()
    {
        _serializer = new CoordinatorSerializer((ExtendedActorSystem)_system);
    }

    public void Dispose() => _system.Dispose();

    private static readonly TrialConfig Config = new([
        new("model.layers", ParamValue.Of(3L)),
        new("model.dropout", ParamValue.Of(0.25)),
        new("training.momentum", ParamValue.Of(1.0)), // an integral float stays a float
        new("training.clip_norm", ParamValue.Null),
        new("training.optimizer", ParamValue.Of("adam")),
        new("model.batch_norm_enabled", ParamValue.Of(true)),
        new("training.learning_rate", ParamValue.Of(3.0e-4)),
    ]);

    public static TheoryData<string> Events => new(Samples().Select(s => s.GetType().Name).Distinct());

    private static IEnumerable<object> Samples()
    {
        var at = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);
        yield return new SweepCreated("digits-asha-2", "name: x\nseed: 1\n", "sweep.yaml", "/data/sweeps", at);
        yield return new SweepRegistered("digits-asha-2", "digits-asha", at);
        yield return new TrialIssuesReported(4, 2, [new TrainingIssue { Kind = IssueKind.ExplodingGradients, Epoch = 1, Evidence = "norm 1e9 > 1e3", Advice = "clip", Occurrences = 2, LastEpoch = 2 }]);
        yield return new SweepStarted(at);
        yield return new TrialSampled(7, Config, 2);
        yield return new TrialSampled(0, TrialConfig.Empty, null);
        yield return new RungStarted(7, 3, 9);
        yield return new EpochReported(7, 4, 0.953125, new EpochSummary(0.125f, 0.25f, 12345.5f));
        yield return new TrialPaused(7, 1);
        yield return new TrialPromoted(7, 1, 2);
        yield return new TrialStopped(7, StopReason.EarlyStopping);
        yield return new TrialCompleted(7);
        yield return new Hpo.Sweeps.Search.State.TrialFailed(7, "data: no such file");
        yield return new TrialDiverged(7, 3);
        yield return new SamplerExhausted();
        yield return new SweepFinished(FinishReason.MaxTrials, 7);
        yield return new SweepFinished(FinishReason.Cancelled, null);
        yield return new SamplerCheckpointed(150, [1UL, ulong.MaxValue, 0x5DEECE66DUL, 42UL]);
        yield return new BestTrialTested(7, 27, new Hpo.Engine.Training.Evaluation(360, 0.0831, 0.975, null, null, null), null);
        yield return new BestTrialTested(7, 9, new Hpo.Engine.Training.Evaluation(89, 2891.5, null, 2891.5, 43.25, 0.4375), null);
        yield return new BestTrialTested(7, 9, null, "no worker answered the evaluation of trial 7 on the test split (3 tries, 120 s each)");
        yield return new BestTrialTested(7, 9, null, "the data has no test samples") { ModelStored = true };
        yield return new BestTrialTested(7, 9, null, "no worker answered") { ModelError = "no worker answered" };
        yield return new BestTrialRefitted(7, 14, 1437, new Hpo.Engine.Training.Evaluation(360, 0.0712, 0.9806, null, null, null), null);
        yield return new BestTrialRefitted(7, 9, 353, new Hpo.Engine.Training.Evaluation(89, 2750.25, null, 2750.25, 41.5, 0.5), null);
        yield return new BestTrialRefitted(7, 9, 1437, null, null);
        yield return new BestTrialRefitted(7, 9, 0, null, "no worker answered the refit of trial 7 (3 tries, 120 s each)");
        yield return new SweepEventBatch([
            new TrialSampled(8, Config, 1), new RungStarted(8, 0, 1),
            new EpochReported(8, 1, double.NaN, new EpochSummary(float.NaN, 0.5f, 10)),
            new TrialIssuesReported(8, 1, [new TrainingIssue { Kind = IssueKind.Divergence, Epoch = 1, Evidence = "loss NaN", Advice = "lower the learning rate", LastEpoch = 1 }]),
            new TrialDiverged(8, 1),
            new BestTrialTested(8, 1, new Hpo.Engine.Training.Evaluation(30, 0.5, 0.9, null, null, null), null),
        ]);
        yield return new SweepEventBatch([new SweepResumed(new DateTimeOffset(2026, 12, 7, 20, 15, 0, TimeSpan.Zero), 312.5), new TrialSampled(9, Config, 2)],
            new DateTimeOffset(2026, 12, 7, 20, 15, 0, 250, TimeSpan.Zero));
        yield return new SweepResumed(new DateTimeOffset(2026, 12, 7, 20, 15, 0, TimeSpan.Zero), null);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_journal_event_round_trips(string typeName)
    {
        foreach (var sample in Samples().Where(s => s.GetType().Name == typeName))
        {
            var manifest = _serializer.Manifest(sample);
            var back = _serializer.FromBinary(_serializer.ToBinary(sample), manifest);
            Assert.Equal(sample.GetType(), back.GetType());
            AssertEquivalent(sample, back);
        }
    }

    [Fact]
    public void Every_type_in_the_manifest_table_has_a_sample()
    {
        var sampled = Samples().Select(s => s.GetType()).ToHashSet();
        Assert.All(JournalJson.Manifests.Keys, t => Assert.Contains(t, sampled));
        Assert.Equal(JournalJson.Manifests.Count, JournalJson.Manifests.Values.Distinct().Count());
    }

    [Fact]
    public void Every_sweep_event_type_has_a_manifest()
    {
        var types = typeof(SweepEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(SweepEvent)) && !t.IsAbstract);
        Assert.All(types, t => Assert.True(JournalJson.Manifests.ContainsKey(t), $"{t.Name} has no manifest"));
    }

    [Fact]
    public void A_diverged_objective_survives_as_nan()
    {
        var e = new EpochReported(1, 2, double.NaN, new EpochSummary(float.PositiveInfinity, float.NaN, 1));
        var back = (EpochReported)_serializer.FromBinary(_serializer.ToBinary(e), _serializer.Manifest(e));
        Assert.True(double.IsNaN(back.Objective));
        Assert.True(float.IsPositiveInfinity(back.Metrics.TrainLoss));
        Assert.True(float.IsNaN(back.Metrics.ValidationLoss));
    }

    [Fact]
    public void Parameter_kinds_are_kept()
    {
        var e = new TrialSampled(7, Config, 2);
        var back = (TrialSampled)_serializer.FromBinary(_serializer.ToBinary(e), _serializer.Manifest(e));
        foreach (var (path, value) in Config.Values)
        {
            Assert.Equal(value.Kind, back.Config[path].Kind);
            Assert.Equal(value, back.Config[path]);
        }
        Assert.Equal(Config, back.Config);
    }

    [Fact]
    public void Manifests_are_short_and_name_no_clr_type()
    {
        foreach (var sample in Samples())
        {
            var manifest = _serializer.Manifest(sample);
            Assert.InRange(manifest.Length, 1, 4);
            var text = System.Text.Encoding.UTF8.GetString(_serializer.ToBinary(sample));
            Assert.DoesNotContain("Hpo.", text);
        }
    }

    [Fact]
    public void An_unknown_manifest_is_refused()
    {
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary("{}"u8.ToArray(), "zz"));
    }

    [Fact]
    public async Task The_hosted_actor_system_picks_this_serializer_for_journal_events()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddAkka("bound", b => b.WithHpoCoordinatorSerializer()))
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.IsType<CoordinatorSerializer>(system.Serialization.FindSerializerFor(new SweepStarted(DateTimeOffset.UnixEpoch)));
        Assert.IsType<CoordinatorSerializer>(system.Serialization.FindSerializerFor(new TrialIssuesReported(1, 1, [])));
        await host.StopAsync();
    }

    private static void AssertEquivalent(object expected, object actual)
    {
        // Records compare by value, except for their collections: compare those through their JSON.
        Assert.Equal(JournalJson.Serialize(expected), JournalJson.Serialize(actual));
        if (expected is SweepEventBatch batch)
        {
            var back = (SweepEventBatch)actual;
            Assert.Equal(batch.At, back.At);
            Assert.Equal(batch.Events.Select(e => e.GetType()), back.Events.Select(e => e.GetType()));
            foreach (var (e, b) in batch.Events.Zip(back.Events)) AssertEquivalent(e, b);
            return;
        }
        if (expected is SamplerCheckpointed c)
        {
            var back = (SamplerCheckpointed)actual;
            Assert.Equal(c.Draws, back.Draws);
            Assert.Equal(c.State, back.State);
            return;
        }
        if (expected is not TrialIssuesReported and not TrialSampled) Assert.Equal(expected, actual);
        if (expected is TrialSampled s) Assert.Equal(s.Config, ((TrialSampled)actual).Config);
    }

    [Fact]
    public void A_batch_written_before_rows_had_a_time_reads_with_none()
    {
        var back = (SweepEventBatch)_serializer.FromBinary("""{"events":[{"m":"ss","e":{"at":"2026-01-02T03:04:05+00:00"}}]}"""u8.ToArray(), "eb");

        Assert.Null(back.At);
        Assert.IsType<SweepStarted>(Assert.Single(back.Events));
    }

    [Fact]
    public void A_best_trial_test_reads_from_its_snake_case_json()
    {
        var back = (BestTrialTested)_serializer.FromBinary(
            """{"trial":3,"epoch":27,"test":{"samples":360,"loss":0.08,"accuracy":0.97}}"""u8.ToArray(), "bt");
        Assert.Equal(new BestTrialTested(3, 27, new Hpo.Engine.Training.Evaluation(360, 0.08, 0.97, null, null, null), null), back);
    }

    [Fact]
    public void A_best_trial_test_that_stored_the_model_at_its_epoch_says_so_in_its_json()
    {
        var back = (BestTrialTested)_serializer.FromBinary(
            """{"trial":3,"epoch":14,"error":"the data has no test samples","model_stored":true}"""u8.ToArray(), "bt");
        Assert.True(back.ModelStored);
        Assert.Null(back.ModelError);
        Assert.Equal(14, back.Epoch);
    }

    [Fact]
    public void A_best_trial_refit_reads_from_its_snake_case_json()
    {
        var back = (BestTrialRefitted)_serializer.FromBinary(
            """{"trial":3,"epochs":14,"train_samples":1437,"test":{"samples":360,"loss":0.07,"accuracy":0.98}}"""u8.ToArray(), "br");
        Assert.Equal(new BestTrialRefitted(3, 14, 1437, new Hpo.Engine.Training.Evaluation(360, 0.07, 0.98, null, null, null), null), back);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"events":[{"e":{"trial":1}}]}""")]
    [InlineData("""{"events":[{"m":"zz","e":{}}]}""")]
    [InlineData("""{"events":[{"m":"eb","e":{"events":[]}}]}""")]
    [InlineData("""{"events":[{"m":"tc","e":{"trial":1}}""")]
    public void A_malformed_batch_is_refused(string json)
    {
        Assert.ThrowsAny<Exception>(() => _serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(json), "eb"));
    }
}
