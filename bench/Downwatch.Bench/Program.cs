using System.Globalization;
using BenchmarkDotNet.Running;
using Downwatch.Bench;

// probe-load [targets] [minutes] [baseline minutes] | upstream | inference-cpu [probes per block] | fixed-bytes URL FILE CONTENT-TYPE | diagnosis-cpu [seconds]
// | scenarios ["scenario name"] | report-load [seconds per phase] [page connections] [report connections] [server settings, e.g. --Reports:ProofOfWork:Enabled=false]
// | storage-year [endpoints] [days written raw] [sqlite|postgres] | BenchmarkDotNet arguments
return args.FirstOrDefault() switch
{
    "probe-load" => await ProbeLoad.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        TimeSpan.FromMinutes(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5),
        TimeSpan.FromMinutes(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 2)),
    "upstream" => await ProbeLoad.ServeUpstreamAsync(),
    "inference-cpu" => await InferenceCpu.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000),
    "fixed-bytes" => await FixedBytesServer.RunAsync(args[1], args[2], args[3]),
    "scenarios" => ScenarioBench.Run(args.Length > 1 ? args[1] : null),
    "diagnosis-cpu" => DiagnosisCpuTime.Run(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20)),
    "report-load" => await ReportLoad.RunAsync(
        TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20),
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64,
        args.Skip(4).ToArray()),
    "storage-year" => await StorageYear.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2,
        args.Length > 3 ? args[3] : "sqlite"),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(StatusEngineBenchmarks).Assembly).Run(args);
    return 0;
}
