using Downwatch.Web.Cli;

// downwatch [serve] | replay <scenario> | catalog check | diagnose <text> | feeds check <url> | agent | locations — see README.md.
return await DownwatchCommandLine.RunAsync(args);
