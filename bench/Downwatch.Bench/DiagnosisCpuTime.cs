using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Downwatch.Catalog;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Bench;

/// <summary>
/// The diagnosis benchmark measured in CPU time rather than wall time, for a shared machine: the same 150 corpus
/// texts and the same baseline as <see cref="DiagnosisBenchmarks"/>, run in short windows (20 passes, about 3,000
/// messages) that alternate between the baseline and <c>Diagnose</c>. Each window's cost is the process's CPU time
/// (so time spent waiting for a core does not count, garbage collection does), and the fastest and median windows
/// are reported, with allocated bytes per message and the load average before and after.
/// </summary>
internal static class DiagnosisCpuTime
{
    private const int Messages = 150;
    private const int PassesPerWindow = 20;

    public static int Run(TimeSpan duration)
    {
        var classifier = new ErrorClassifier(CatalogLoader.LoadDirectory(BenchPaths.Catalog));
        string[] texts = [.. File.ReadLines(BenchPaths.Corpus).Take(Messages).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
        Console.WriteLine($"{texts.Length} messages; load average {LoadAverage()}; {Environment.ProcessorCount} cores");

        var sink = 0;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
        {
            sink += Window(texts, t => classifier.Diagnose(t).ErrorType is null ? 0 : 1).Sink;
            sink += Window(texts, Baseline).Sink;
        }

        var diagnose = new List<double>();
        var baseline = new List<double>();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var run = Stopwatch.StartNew();
        while (run.Elapsed < duration)
        {
            var d = Window(texts, t => classifier.Diagnose(t).ErrorType is null ? 0 : 1);
            var b = Window(texts, Baseline);
            diagnose.Add(d.MicrosecondsPerMessage);
            baseline.Add(b.MicrosecondsPerMessage);
            sink += d.Sink + b.Sink;
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(diagnose.Count * PassesPerWindow * Messages);
        Report("IndexOfOneSignature (baseline)", baseline, baseline);
        Report("Diagnose", diagnose, baseline);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{diagnose.Count} windows of {PassesPerWindow * Messages} messages each; Diagnose allocated {allocated:F0} B/message; load average {LoadAverage()}; ({sink})"));
        return 0;
    }

    private static int Baseline(string text) => text.Contains("rate limit", StringComparison.OrdinalIgnoreCase) ? 1 : 0;

    private static (double MicrosecondsPerMessage, int Sink) Window(string[] texts, Func<string, int> body)
    {
        var sink = 0;
        var start = Environment.CpuUsage.TotalTime;
        for (var pass = 0; pass < PassesPerWindow; pass++)
        {
            foreach (var text in texts)
            {
                sink += body(text);
            }
        }

        return ((Environment.CpuUsage.TotalTime - start).TotalMicroseconds / (PassesPerWindow * texts.Length), sink);
    }

    private static void Report(string name, List<double> windows, List<double> baseline)
    {
        var best = windows.Min();
        var median = Median(windows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-32} best {best,7:F3} µs/message ({1e6 / best,10:N0}/s)   median {median,7:F3} µs ({1e6 / median,10:N0}/s)   median ratio to baseline {median / Median(baseline):F1}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
