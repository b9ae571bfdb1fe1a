namespace Hpo.Node.Telemetry;

/// <summary>
/// The meter every Hpo instrument is on, and the instruments' names as Prometheus shows them (the exporter adds the
/// unit and <c>_total</c> suffixes: an instrument <c>hpo_epoch_duration</c> in seconds is <c>hpo_epoch_duration_seconds</c>).
/// Labels stay few: sweep, node, state, rung, kind, status; never a trial.
/// </summary>
public static class HpoMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Hpo";

    /// <summary>Training slots of a worker node (label node).</summary>
    public const string TrainingSlots = "hpo_training_slots";

    /// <summary>Training slots busy now (label node).</summary>
    public const string TrainingSlotsBusy = "hpo_training_slots_busy";

    /// <summary>Samples per second of the epochs training now (label node).</summary>
    public const string SamplesPerSecond = "hpo_training_samples_per_second";

    /// <summary>Seconds per trained epoch, a histogram (label node).</summary>
    public const string EpochDuration = "hpo_epoch_duration";

    /// <summary>Epochs a worker node trained, reported or not, epochs trained again included (label node).</summary>
    public const string NodeEpochs = "hpo_node_epochs";

    /// <summary>Epochs a worker node trained again: they had been trained before, but the trial's checkpoint was behind (label node).</summary>
    public const string NodeEpochsRetrained = "hpo_node_epochs_retrained";

    /// <summary>Trials with a dispatch a worker node holds now, training or queued (label node).</summary>
    public const string NodeDispatchesHeld = "hpo_node_dispatches_held";

    /// <summary>The most trials with a dispatch a worker node held at once since it started (label node).</summary>
    public const string NodeDispatchesHeldPeak = "hpo_node_dispatches_held_peak";

    /// <summary>How many trials' dispatches a worker node takes at once: its slots plus its queue (label node).</summary>
    public const string NodeDispatchRoom = "hpo_node_dispatch_room";

    /// <summary>Seconds of a worker node's slots spent on each sweep's rungs and evaluations (labels node, sweep).</summary>
    public const string NodeSlotTime = "hpo_node_slot_time";

    /// <summary>Members of the cluster as this process sees them (label status).</summary>
    public const string ClusterMembers = "hpo_cluster_members";
}
