using System.Globalization;
using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Instatus;

/// <summary>
/// Instatus public pages: <c>/summary.json</c> (<c>{page:{name,url,status}, activeIncidents?, activeMaintenances?}</c>,
/// statuses in upper case such as UP, HASISSUES, UNDERMAINTENANCE) and <c>/v2/components.json</c>.
/// </summary>
internal sealed class InstatusAdapter(IOptions<InstatusOptions> options) : IFeedAdapter
{
    private static readonly HashSet<string> PageStatuses = new(StringComparer.Ordinal) { "UP", "HASISSUES", "UNDERMAINTENANCE" };

    public string Name => "instatus";

    public IReadOnlyCollection<string> Platforms { get; } = ["instatus"];

    public int Recognize(FeedPayload payload)
    {
        using var doc = JsonFeed.TryParse(payload);
        if (doc is null)
        {
            return 0;
        }

        var root = doc.RootElement;
        return IsSummary(root) ? 90 : IsComponents(root) ? 85 : 0;
    }

    public FeedRead Read(FeedPayload payload)
    {
        using var doc = JsonFeed.Parse(payload, "Instatus");
        var root = doc.RootElement;
        if (!IsSummary(root) && !IsComponents(root))
        {
            throw new FeedFormatException("not an Instatus document: neither a summary (page.status UP/HASISSUES/UNDERMAINTENANCE) nor a components list with upper-case statuses");
        }

        var skipped = new List<string>();
        var page = root.Obj("page") ?? default;
        var pageStatus = page.Str("status");
        var overall = pageStatus switch
        {
            null => (VendorStatus?)null,
            "UP" => VendorStatus.Operational,
            "HASISSUES" => VendorStatus.DegradedPerformance,
            "UNDERMAINTENANCE" => VendorStatus.UnderMaintenance,
            _ => null,
        };
        if (pageStatus is not null && overall is null)
        {
            skipped.Add($"page: unknown status '{pageStatus}'");
        }

        var components = new List<VendorComponentRead>();
        foreach (var c in root.Arr("components").Where(c => c.ValueKind == JsonValueKind.Object))
        {
            var name = c.Str("name") ?? "(unnamed)";
            var status = VendorWords.Status(c.Str("status"));
            if (status is null)
            {
                skipped.Add($"component '{name}': unknown status '{c.Str("status") ?? "(none)"}'");
            }

            components.Add(new VendorComponentRead(c.Str("id") ?? name, name, status, c.Obj("group")?.Str("name") ?? c.Str("group")));
        }

        var max = options.Value.MaxEvents;
        return new InstatusResult
        {
            PageStatus = pageStatus, PageName = page.Str("name"), PageUrl = page.Str("url"), Overall = overall, OverallText = pageStatus,
            Components = components, Skipped = skipped,
            Incidents = [.. Events(root.Arr("activeIncidents"), VendorEventKind.Incident, skipped).Take(max)],
            Maintenances = [.. Events(root.Arr("activeMaintenances"), VendorEventKind.Maintenance, skipped).Take(max)],
        };
    }

    private static bool IsSummary(JsonElement root) => root.Obj("page")?.Str("status") is { } s && PageStatuses.Contains(s);

    private static bool IsComponents(JsonElement root) =>
        root.Arr("components").Take(3).Any(c => c.Str("status") is { } s && s.Length > 1 && s.All(ch => !char.IsLower(ch)) && !root.Has("page"));

    private static IEnumerable<VendorEventRead> Events(IEnumerable<JsonElement> items, VendorEventKind kind, List<string> skipped)
    {
        foreach (var e in items.Where(e => e.ValueKind == JsonValueKind.Object))
        {
            var title = e.Str("name") ?? "(untitled)";
            var started = e.Date("started") ?? e.Date("start") ?? e.Date("updatedAt");
            if (started is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': no valid start date");
                continue;
            }

            var word = e.Str("status");
            var phase = VendorPhases.Parse(word);
            if (phase is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': unknown status '{word ?? "(none)"}'");
            }

            DateTimeOffset? end = double.TryParse(e.Str("duration"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes)
                && minutes is > 0 and < 525_600 ? started.Value.AddMinutes(minutes) : null;
            var impact = kind == VendorEventKind.Maintenance ? VendorStatus.UnderMaintenance : VendorWords.Status(e.Str("impact"));
            yield return new VendorEventRead(e.Str("id") ?? e.Str("url") ?? title, kind, title, impact, phase ?? VendorPhase.Update,
                phase?.IsFinal() != true, started.Value, null, e.Str("url"), [], [], kind == VendorEventKind.Maintenance ? started : null, end);
        }
    }
}

/// <summary>An Instatus read, with the page's own status word (UP, HASISSUES, UNDERMAINTENANCE).</summary>
public sealed record InstatusResult : FeedRead
{
    public override string Format => "instatus";

    public string? PageStatus { get; init; }
}
