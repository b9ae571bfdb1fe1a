namespace Hpo.Engine.Options;

public enum TaskKind
{
    Classification,
    Regression,
}
