using Downwatch.Web.Cli;

// downwatch [serve] | replay <scenario> | catalog check — see README.md.
return await DownwatchCommandLine.Build().Parse(args).InvokeAsync();
