using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Downwatch.Bench.StatusEngineBenchmarks).Assembly).Run(args);
