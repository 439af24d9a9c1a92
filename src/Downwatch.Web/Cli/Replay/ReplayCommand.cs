using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Replay;
using Downwatch.Domain.Status;
using Downwatch.Web.Hosting;
using YamlDotNet.Core;

namespace Downwatch.Web.Cli.Replay;

/// <summary><c>downwatch replay scenario.yaml</c>: what the status rules say, step by step, about a timeline.</summary>
internal static class ReplayCommand
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Build(Option<string?> catalog)
    {
        var scenario = new Argument<FileInfo>("scenario") { Description = "Scenario file (YAML or JSON); see docs/replay.md." };
        var replay = new Command("replay", "Feed a timeline of observations through the status engine and print the assessment timeline as JSON.");
        replay.Arguments.Add(scenario);
        replay.Options.Add(catalog);
        replay.SetAction(result =>
        {
            try
            {
                var loaded = CatalogLoader.LoadDirectory(result.GetValue(catalog) ?? CatalogOptions.BundledDirectory);
                var file = ScenarioFile.Parse(File.ReadAllText(result.GetValue(scenario)!.FullName));
                Console.WriteLine(Render(loaded, file));
                return 0;
            }
            catch (CatalogException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            catch (Exception e) when (e is YamlException or FormatException or IOException or ArgumentException)
            {
                Console.Error.WriteLine($"Cannot replay {result.GetValue(scenario)?.Name}: {e.Message}");
                return 2;
            }
        });
        return replay;
    }

    /// <summary>Runs the scenario and returns the timeline as JSON.</summary>
    public static string Render(ServiceCatalog catalog, ScenarioFile file)
    {
        var unknown = file.Services.Where(s => catalog.FindService(s) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"Unknown service(s) in 'services': {string.Join(", ", unknown)}.");
        }

        var signals = file.ToSignals();
        var scope = file.Services.Count > 0
            ? new ServiceCatalog(file.Services.Select(s => catalog.FindService(s)!).ToList(), catalog.Errors)
            : catalog;
        var frames = ReplayRunner.Run(scope, signals, file.Start, file.End, TimeSpan.FromSeconds(file.StepSeconds));
        var timeline = frames.Select(f => new
        {
            f.At,
            f.Assessment.Service,
            f.Assessment.Status,
            f.Assessment.Diagnosis,
            f.Assessment.Confidence,
            f.Assessment.LastChecked,
            Evidence = f.Assessment.Evidence.Select(Sentence),
            Components = f.Assessment.Components.Select(c => new
            {
                c.Component,
                c.Status,
                c.Diagnosis,
                c.Confidence,
                c.LastChecked,
                Evidence = c.Evidence.Select(Sentence),
            }),
        });
        return JsonSerializer.Serialize(new { Scenario = file.Name, file.Start, file.End, Timeline = timeline }, Json);
    }

    private static object Sentence(Evidence e) => new { e.Source, e.Text, e.At };
}
