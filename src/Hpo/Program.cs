using Hpo.Cli;

return await HpoCommandLine.RunAsync(args);
