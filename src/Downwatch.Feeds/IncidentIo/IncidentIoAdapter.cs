using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Feeds.Reading;
using Downwatch.Feeds.Statuspage;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.IncidentIo;

/// <summary>
/// incident.io status pages: the Statuspage-compatible <c>/api/v2/summary.json</c> (ULID ids, usually without
/// incidents or maintenances) and the widget shape <c>{ongoing_incidents, in_progress_maintenances, scheduled_maintenances}</c>.
/// </summary>
internal sealed class IncidentIoAdapter(IOptions<IncidentIoOptions> options) : IFeedAdapter
{
    public string Name => "incidentio";

    public IReadOnlyCollection<string> Platforms { get; } = ["incidentio"];

    public int Recognize(FeedPayload payload)
    {
        using var doc = JsonFeed.TryParse(payload);
        if (doc is null)
        {
            return 0;
        }

        var root = doc.RootElement;
        return StatuspageJson.LooksLikeStatuspage(root) && StatuspageJson.HasUlidPageId(root) ? 85
            : IsWidget(root) ? 85
            : 0;
    }

    public FeedRead Read(FeedPayload payload)
    {
        using var doc = JsonFeed.Parse(payload, "incident.io");
        var root = doc.RootElement;
        if (StatuspageJson.LooksLikeStatuspage(root))
        {
            var parts = new StatuspageJson.Parts();
            StatuspageJson.ReadInto(root, parts, options.Value.MaxEvents);
            return new IncidentIoResult
            {
                Shape = "statuspage-compatible", PageName = parts.PageName, PageUrl = parts.PageUrl, Overall = parts.Overall,
                OverallText = parts.OverallText, Components = parts.Components, Incidents = parts.Incidents,
                Maintenances = parts.Maintenances, Skipped = parts.Skipped,
            };
        }

        if (IsWidget(root))
        {
            return ReadWidget(root);
        }

        throw new FeedFormatException("not an incident.io document: neither a Statuspage-compatible summary nor the widget's ongoing_incidents");
    }

    private static bool IsWidget(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ongoing_incidents", out var a) && a.ValueKind == JsonValueKind.Array;

    /// <summary>The widget lists only what is ongoing or planned: no incident means the page is operational.</summary>
    private IncidentIoResult ReadWidget(JsonElement root)
    {
        var skipped = new List<string>();
        var incidents = Events(root.Arr("ongoing_incidents"), VendorEventKind.Incident, skipped).Take(options.Value.MaxEvents).ToList();
        var maintenances = Events(root.Arr("in_progress_maintenances").Concat(root.Arr("scheduled_maintenances")), VendorEventKind.Maintenance, skipped)
            .Take(options.Value.MaxEvents).ToList();
        var components = incidents.Concat(maintenances).SelectMany(e => e.Components).DistinctBy(c => c.Id ?? c.Name).ToList();
        var overall = incidents.Select(i => i.Impact ?? Domain.Observations.VendorStatus.DegradedPerformance)
            .Aggregate(Domain.Observations.VendorStatus.Operational, VendorWords.Worst);
        return new IncidentIoResult
        {
            Shape = "widget", PageName = root.Str("page_title"), PageUrl = root.Str("page_url"), Overall = overall, IncidentsOnly = true,
            OverallText = incidents.Count == 0 ? "No ongoing incidents" : $"{incidents.Count} ongoing incident(s)",
            Incidents = incidents, Maintenances = maintenances, Skipped = skipped,
            Components = [.. components.Select(c => new VendorComponentRead(c.Id ?? c.Name, c.Name, null))],
        };
    }

    private static IEnumerable<VendorEventRead> Events(IEnumerable<JsonElement> items, VendorEventKind kind, List<string> skipped)
    {
        foreach (var e in items.Where(e => e.ValueKind == JsonValueKind.Object))
        {
            var id = e.Str("id");
            var title = e.Str("name") ?? "(untitled)";
            var last = e.Date("last_update_at") ?? e.Date("updated_at");
            var started = e.Date("started_at") ?? e.Date("starts_at") ?? e.Date("created_at") ?? last;
            if (id is null || started is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': no id or no valid date");
                continue;
            }

            var word = e.Str("status");
            var phase = VendorPhases.Parse(word);
            if (phase is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': unknown status '{word ?? "(none)"}'");
            }

            var refs = e.Arr("affected_components").Select(c => (Id: c.Str("id"), Name: c.Str("name")))
                .Where(c => c.Name is not null).Select(c => new VendorComponentRef(c.Id, c.Name!)).ToList();
            var updates = e.Str("last_update_message", TextLimits.Long) is { } message
                ? new List<VendorUpdate> { new(last ?? started.Value, phase ?? VendorPhase.Update, message) }
                : [];
            yield return new VendorEventRead(id, kind, title, VendorWords.Status(e.Str("current_worst_impact")), phase ?? VendorPhase.Update,
                phase?.IsFinal() != true, started.Value, null, e.Str("url"), refs, updates, e.Date("starts_at"), e.Date("ends_at"));
        }
    }
}
