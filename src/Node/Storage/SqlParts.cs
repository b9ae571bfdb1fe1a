using System.Data;
using System.Data.Common;
using System.Text;

namespace Hpo.Node.Storage;

/// <summary>What the SQL stores (checkpoints, datasets) share: typed parameters and the key of their creation lock.</summary>
public static class SqlParts
{
    /// <summary>Adds the parameter <paramref name="name"/> of <paramref name="type"/> to <paramref name="command"/>.</summary>
    public static void Add(DbCommand command, string name, DbType type, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A stable 64-bit key for an advisory lock named <paramref name="name"/> (FNV-1a of its UTF-8 bytes).</summary>
    public static long LockKey(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
