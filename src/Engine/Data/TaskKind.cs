namespace Hpo.Engine.Data;

public enum TaskKind
{
    Classification,
    Regression,
}
