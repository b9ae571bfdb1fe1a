namespace Hpo.Engine.Options;

/// <summary>Greedy layer-wise pretraining before the supervised training: none, supervised (grow a layer at a time) or autoencoder.</summary>
public enum PretrainingKind { None, Supervised, Autoencoder }
