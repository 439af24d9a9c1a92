using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.GoogleCloud;

/// <summary>
/// Google Cloud Service Health <c>incidents.json</c>: one array of incidents, each with its affected products. The
/// products are the components; a product with no open incident is operational.
/// </summary>
internal sealed class GoogleCloudAdapter(IOptions<GoogleCloudOptions> options) : IFeedAdapter
{
    private const string Site = "https://status.cloud.google.com/";

    public string Name => "google-cloud";

    public IReadOnlyCollection<string> Platforms { get; } = ["google-cloud"];

    public int Recognize(FeedPayload payload)
    {
        using var doc = JsonFeed.TryParse(payload);
        return doc?.RootElement is { ValueKind: JsonValueKind.Array } root && root.EnumerateArray().Take(3).Any(IsIncident) ? 90 : 0;
    }

    public FeedRead Read(FeedPayload payload)
    {
        using var doc = JsonFeed.Parse(payload, "Google Cloud incidents");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FeedFormatException($"not a Google Cloud incidents.json: expected a JSON array, found {root.ValueKind}");
        }

        var skipped = new List<string>();
        var incidents = root.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Incident(i, skipped))
            .OfType<VendorEventRead>().OrderByDescending(i => i.StartedAt).Take(options.Value.MaxIncidents).ToList();
        var components = incidents.SelectMany(i => i.Components.Select(c => (Ref: c, Status: i.IsOpen ? i.Impact ?? VendorStatus.DegradedPerformance : VendorStatus.Operational)))
            .GroupBy(p => p.Ref.Id ?? p.Ref.Name)
            .Select(g => new VendorComponentRead(g.Key, g.First().Ref.Name, g.Select(p => p.Status).Aggregate(VendorStatus.Operational, VendorWords.Worst)))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var open = incidents.Count(i => i.IsOpen);
        return new GoogleCloudResult
        {
            PageName = "Google Cloud Service Health", PageUrl = Site, IncidentsOnly = true, IncidentCount = incidents.Count,
            Overall = incidents.Where(i => i.IsOpen).Select(i => i.Impact ?? VendorStatus.DegradedPerformance).Aggregate(VendorStatus.Operational, VendorWords.Worst),
            OverallText = open == 0 ? "No open incident" : $"{open} open incident(s)",
            Components = components, Incidents = incidents, Skipped = skipped,
        };
    }

    private static bool IsIncident(JsonElement e) => e.Has("begin") && (e.Has("affected_products") || e.Has("service_name"));

    private static VendorEventRead? Incident(JsonElement i, List<string> skipped)
    {
        var id = i.Str("id");
        var title = i.Str("external_desc") ?? i.Str("service_name") ?? "(untitled)";
        var begin = i.Date("begin");
        if (id is null || begin is null)
        {
            skipped.Add($"incident '{title}': no id or no valid begin date");
            return null;
        }

        var impactWord = i.Str("status_impact") ?? i.Str("severity");
        var impact = Impact(impactWord);
        if (impactWord is not null && impact is null)
        {
            skipped.Add($"incident '{title}': unknown impact '{impactWord}'");
        }

        var end = i.Date("end");
        var rawEnd = i.Str("end");
        if (rawEnd is not null && end is null)
        {
            skipped.Add($"incident '{title}': end date '{rawEnd}' not understood; treated as open");
        }

        var products = i.Arr("affected_products").Select(p => (Id: p.Str("id"), Name: p.Str("title"))).Where(p => p.Name is not null)
            .Select(p => new VendorComponentRef(p.Id, p.Name!)).ToList();
        if (products.Count == 0 && i.Str("service_name") is { } service)
        {
            products.Add(new VendorComponentRef(i.Str("service_key"), service));
        }

        var updates = i.Arr("updates").Select(u => (At: u.Date("when") ?? u.Date("created"), Status: u.Str("status"), Text: u.Str("text", TextLimits.Long)))
            .Where(u => u.At is not null)
            .Select(u => new VendorUpdate(u.At!.Value, u.Status == "AVAILABLE" ? VendorPhase.Resolved : VendorPhase.Update, u.Text ?? ""))
            .OrderBy(u => u.At).ToList();
        var uri = i.Str("uri");
        return new VendorEventRead(id, VendorEventKind.Incident, title, impact, end is null ? VendorPhase.Update : VendorPhase.Resolved,
            end is null, begin.Value, end, uri is null ? null : Site + uri.TrimStart('/'), products, updates);
    }

    private static VendorStatus? Impact(string? word) => word switch
    {
        "SERVICE_OUTAGE" or "high" => VendorStatus.MajorOutage,
        "SERVICE_DISRUPTION" or "medium" => VendorStatus.PartialOutage,
        "SERVICE_INFORMATION" or "low" => VendorStatus.DegradedPerformance,
        _ => null,
    };
}

/// <summary>A Google Cloud read; <see cref="IncidentCount"/> is how many incidents the file held (up to the option's limit).</summary>
public sealed record GoogleCloudResult : FeedRead
{
    public override string Format => "google-cloud";

    public int IncidentCount { get; init; }
}
