using Downwatch.Web.Cli;

// downwatch [serve] | replay <scenario> | catalog check | feeds check <url> — see README.md.
return await DownwatchCommandLine.Build().Parse(args).InvokeAsync();
