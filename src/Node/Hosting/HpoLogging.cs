using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Hpo.Node.Hosting;

/// <summary>Where every role logs: to stderr, one line an entry, so standard output keeps to progress, tables and the JSON line.</summary>
public static class HpoLogging
{
    /// <summary>Console logging to stderr at <paramref name="level"/> and above.</summary>
    public static void Configure(ILoggingBuilder logging, LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
    }

    /// <summary>Akka's log level for a host's <paramref name="level"/>.</summary>
    public static Akka.Event.LogLevel ForAkka(LogLevel level) => level switch
    {
        <= LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        _ => Akka.Event.LogLevel.ErrorLevel,
    };
}
