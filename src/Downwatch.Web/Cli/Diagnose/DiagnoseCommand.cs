using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.ErrorDiagnosis;
using Downwatch.Web.ErrorDiagnosis;
using Downwatch.Web.Hosting;

namespace Downwatch.Web.Cli.Diagnose;

/// <summary>
/// <c>downwatch diagnose "&lt;error text&gt;"</c> (or the text on standard input): which provider, which error, whose
/// side. It runs without a server, so live status is reported as unknown.
/// </summary>
internal static class DiagnoseCommand
{
    /// <summary>At most this much standard input is read; the classifier analyses the first 64 KB of it.</summary>
    public const int MaxStdinChars = 1024 * 1024;

    /// <summary>Every field is written, null included, so scripts can rely on "provider", "errorType" and "verdict".</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build(Option<string?> catalog)
    {
        var text = new Argument<string?>("text") { Description = "The error text; omit it (or pass '-') to read standard input.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON (provider, errorType, verdict, confidence, whatWouldDecide, facts, candidates, …)." };
        var command = new Command("diagnose", "Tell which provider and error a pasted error text is, and whether it is on your side or the provider's.");
        command.Arguments.Add(text);
        command.Options.Add(json);
        command.Options.Add(catalog);
        command.SetAction(result =>
        {
            try
            {
                var loaded = CatalogLoader.LoadDirectory(result.GetValue(catalog) ?? CatalogOptions.BundledDirectory);
                var input = result.GetValue(text) is { } given && given != "-" ? given : ReadStdin();
                if (string.IsNullOrWhiteSpace(input))
                {
                    Console.Error.WriteLine("Nothing to diagnose: pass the error text as an argument or on standard input.");
                    return 1;
                }

                var answer = Answer(loaded, input);
                Console.WriteLine(result.GetValue(json) ? JsonSerializer.Serialize(answer, Json) : Render(answer));
                return 0;
            }
            catch (CatalogException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>The answer without live status, which only a running site has.</summary>
    public static DiagnosisAnswer Answer(ServiceCatalog catalog, string text)
    {
        var result = new ErrorClassifier(catalog).Diagnose(text);
        var name = result.Provider is null ? null : catalog.FindService(result.Provider)?.Name;
        var live = name is null
            ? "Live status unknown: we could not tell which provider this came from."
            : $"Live status unknown: this command runs without a Downwatch server, so it cannot check {name}'s live status (open /diagnose on a running site for that).";
        return DiagnosisAnswer.From(result, catalog, null, live);
    }

    public static string Render(DiagnosisAnswer a)
    {
        var lines = new StringBuilder();
        void Line(string label, string? value)
        {
            if (value is not null)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{label,-14}{value}").AppendLine();
            }
        }

        Line("Verdict:", a.VerdictTitle);
        Line("Provider:", a.Provider is null ? "could not tell" + Nearest(a.ProviderCandidates) : $"{a.ProviderName} ({a.Provider})");
        Line("Via:", a.Gateway);
        Line("Upstream:", a.Upstream is null ? null : $"{a.UpstreamName} ({a.Upstream})");
        Line("Error:", a.ErrorType is null ? "could not tell" + Nearest(a.ErrorCandidates) : $"{a.ErrorTitle} ({a.ErrorType})");
        Line("Confidence:", a.ErrorType is null ? null : a.Confidence);
        Line("HTTP status:", a.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? (a.NoHttpAnswer ? "none: no HTTP answer came back" : null));
        Line("Live:", a.LiveSentence);
        Line("Request id:", a.Facts.RequestId);
        Line("Retry after:", a.Facts.RetryAfter);
        Line("Model:", a.Facts.Model);
        foreach (var (header, value) in a.Facts.RateLimitHeaders)
        {
            Line("Header:", $"{header}: {value}");
        }

        Line("Why:", a.Explanation);
        Line("To decide:", a.WhatWouldDecide);
        Line("See:", a.Links.ServiceError ?? a.Links.Error);
        return lines.ToString().TrimEnd();
    }

    private static string Nearest(IReadOnlyList<CandidateAnswer> candidates) =>
        candidates.Count == 0 ? "" : $" (nearest: {string.Join(", ", candidates.Take(3).Select(c => c.Slug))})";

    private static string ReadStdin()
    {
        var buffer = new char[MaxStdinChars];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = Console.In.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        return new string(buffer, 0, read);
    }
}
