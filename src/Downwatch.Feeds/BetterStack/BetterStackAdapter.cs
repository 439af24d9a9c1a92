using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.BetterStack;

/// <summary>
/// Better Stack (Better Uptime) status pages' <c>/index.json</c>, a JSON:API document: the page, its sections and
/// resources (the components), and its status reports (incidents and maintenances) with their status updates.
/// </summary>
internal sealed class BetterStackAdapter(IOptions<BetterStackOptions> options) : IFeedAdapter
{
    public string Name => "betterstack";

    public IReadOnlyCollection<string> Platforms { get; } = ["betterstack"];

    public int Recognize(FeedPayload payload)
    {
        using var doc = JsonFeed.TryParse(payload);
        return doc?.RootElement.Obj("data")?.Str("type") == "status_page" ? 90 : 0;
    }

    public FeedRead Read(FeedPayload payload)
    {
        using var doc = JsonFeed.Parse(payload, "Better Stack");
        var root = doc.RootElement;
        if (root.Obj("data") is not { } data || data.Str("type") != "status_page")
        {
            throw new FeedFormatException("not a Better Stack index.json: no \"data\" object of type status_page");
        }

        var skipped = new List<string>();
        var attributes = data.Obj("attributes") ?? default;
        var included = root.Arr("included").Where(i => i.ValueKind == JsonValueKind.Object).ToList();
        var byKey = included.Where(i => i.Str("id") is not null && i.Str("type") is not null)
            .GroupBy(i => (i.Str("type")!, i.Str("id")!)).ToDictionary(g => g.Key, g => g.First());
        var sections = Of(included, "status_page_section").DistinctBy(s => s.Str("id"))
            .ToDictionary(s => s.Str("id")!, s => s.Obj("attributes")?.Str("name"), StringComparer.Ordinal);
        var components = new List<VendorComponentRead>();
        foreach (var r in Of(included, "status_page_resource"))
        {
            var a = r.Obj("attributes") ?? default;
            var name = a.Str("public_name") ?? a.Str("name") ?? "(unnamed)";
            var status = VendorWords.Status(a.Str("status"));
            if (status is null)
            {
                skipped.Add($"resource '{name}': unknown status '{a.Str("status") ?? "(none)"}'");
            }

            components.Add(new VendorComponentRead(r.Str("id")!, name, status, a.Str("status_page_section_id") is { } s ? sections.GetValueOrDefault(s) : null));
        }

        var reports = Of(included, "status_report").Select(r => Report(r, byKey, components, skipped)).OfType<VendorEventRead>()
            .OrderByDescending(r => r.StartedAt).Take(options.Value.MaxReports).ToList();
        var state = attributes.Str("aggregate_state");
        var overall = VendorWords.Status(state);
        if (state is not null && overall is null)
        {
            skipped.Add($"page: unknown aggregate_state '{state}'");
        }

        return new BetterStackResult
        {
            AggregateState = state, PageName = attributes.Str("company_name"), PageUrl = attributes.Str("custom_domain") is { } d ? $"https://{d}" : null,
            Overall = overall, OverallText = state, Components = components, Skipped = skipped,
            Incidents = [.. reports.Where(r => r.Kind == VendorEventKind.Incident)],
            Maintenances = [.. reports.Where(r => r.Kind == VendorEventKind.Maintenance)],
        };
    }

    private static IEnumerable<JsonElement> Of(IEnumerable<JsonElement> included, string type) =>
        included.Where(i => i.Str("type") == type && i.Str("id") is not null);

    private static VendorEventRead? Report(JsonElement r, Dictionary<(string, string), JsonElement> byKey, List<VendorComponentRead> components,
        List<string> skipped)
    {
        var a = r.Obj("attributes") ?? default;
        var title = a.Str("title") ?? "(untitled)";
        var starts = a.Date("starts_at");
        if (starts is null)
        {
            skipped.Add($"status report '{title}': no valid starts_at");
            return null;
        }

        var kind = a.Str("report_type") == "maintenance" ? VendorEventKind.Maintenance : VendorEventKind.Incident;
        var ends = a.Date("ends_at");
        var state = a.Str("aggregate_state");
        var resolved = state == "resolved" ? ends ?? starts : null;
        var phase = resolved is not null ? (kind == VendorEventKind.Maintenance ? VendorPhase.Completed : VendorPhase.Resolved)
            : kind == VendorEventKind.Maintenance ? VendorPhase.InProgress : VendorPhase.Update;
        var affected = a.Arr("affected_resources").Select(x => (Id: x.Str("status_page_resource_id"), Status: VendorWords.Status(x.Str("status"))))
            .Where(x => x.Id is not null).ToList();
        var refs = affected.Select(x => new VendorComponentRef(x.Id, components.FirstOrDefault(c => c.Id == x.Id)?.Name ?? x.Id!)).ToList();
        var impact = VendorWords.Status(state) ?? affected.Select(x => x.Status).OfType<VendorStatus>().DefaultIfEmpty(VendorStatus.DegradedPerformance)
            .Aggregate(VendorWords.Worst);
        var updates = (r.Obj("relationships")?.Obj("status_updates")?.Arr("data") ?? [])
            .Select(u => u.Str("id") is { } id && byKey.TryGetValue(("status_update", id), out var found) ? found.Obj("attributes") : null)
            .OfType<JsonElement>().Select(u => (At: u.Date("published_at"), Text: u.Str("message", TextLimits.Long)))
            .Where(u => u.At is not null).Select(u => new VendorUpdate(u.At!.Value, VendorPhase.Update, u.Text ?? "")).OrderBy(u => u.At).ToList();
        return new VendorEventRead(r.Str("id")!, kind, title, kind == VendorEventKind.Maintenance ? VendorStatus.UnderMaintenance : impact,
            phase, resolved is null, starts.Value, resolved, null, refs, updates, starts, ends);
    }
}

/// <summary>A Better Stack read, with the page's aggregate_state (operational / degraded / downtime / maintenance).</summary>
public sealed record BetterStackResult : FeedRead
{
    public override string Format => "betterstack";

    public string? AggregateState { get; init; }
}
