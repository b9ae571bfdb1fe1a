using Hpo.Coordinator.Cli;

return await HpoCommandLine.RunAsync(args);
