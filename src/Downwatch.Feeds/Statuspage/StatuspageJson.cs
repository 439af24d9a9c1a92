using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Statuspage;

/// <summary>
/// The Atlassian Statuspage v2 JSON shapes (summary, components, incidents, scheduled-maintenances, status), also
/// served by incident.io pages for compatibility. Every endpoint is a subset of the summary's keys.
/// </summary>
internal static class StatuspageJson
{
    public static bool LooksLikeStatuspage(JsonElement root) =>
        root.Obj("page") is { } page && page.Str("id") is not null
        && (root.Has("components") || root.Has("incidents") || root.Has("scheduled_maintenances") || root.Has("status"));

    /// <summary>incident.io serves ULID ids (26 characters of Crockford base32); Statuspage's are 12 lower-case.</summary>
    public static bool HasUlidPageId(JsonElement root) =>
        root.Obj("page")?.Str("id") is { Length: 26 } id && id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    public static void ReadInto(JsonElement root, Parts parts, int maxEvents)
    {
        if (root.Obj("page") is { } page)
        {
            parts.PageId = page.Str("id");
            parts.PageName = page.Str("name");
            parts.PageUrl = page.Str("url");
            parts.PageUpdatedAt = page.Date("updated_at");
        }

        if (root.Obj("status") is { } status)
        {
            parts.Indicator = status.Str("indicator");
            parts.OverallText = status.Str("description");
            parts.Overall = VendorWords.Impact(parts.Indicator);
            if (parts.Indicator is not null && parts.Overall is null)
            {
                parts.Skipped.Add($"page status: unknown indicator '{parts.Indicator}'");
            }
        }

        ReadComponents(root, parts);
        parts.Incidents.AddRange(ReadEvents(root.Arr("incidents"), VendorEventKind.Incident, parts.Skipped).Take(maxEvents));
        parts.Maintenances.AddRange(ReadEvents(root.Arr("scheduled_maintenances"), VendorEventKind.Maintenance, parts.Skipped).Take(maxEvents));
    }

    private static void ReadComponents(JsonElement root, Parts parts)
    {
        var all = root.Arr("components").Where(c => c.ValueKind == JsonValueKind.Object).ToList();
        var groups = all.Where(c => c.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.True)
            .Select(c => (Id: c.Str("id"), Name: c.Str("name"))).Where(g => g.Id is not null).DistinctBy(g => g.Id)
            .ToDictionary(g => g.Id!, g => g.Name, StringComparer.Ordinal);
        foreach (var c in all)
        {
            var id = c.Str("id");
            var name = c.Str("name");
            if (id is null || name is null)
            {
                parts.Skipped.Add("component without id or name");
                continue;
            }

            var word = c.Str("status");
            var status = VendorWords.Status(word);
            if (status is null)
            {
                parts.Skipped.Add($"component '{name}': unknown status '{word ?? "(none)"}'");
            }

            var group = c.Str("group_id") is { } gid ? groups.GetValueOrDefault(gid) : null;
            parts.Components.Add(new VendorComponentRead(id, name, status, group));
        }
    }

    private static IEnumerable<VendorEventRead> ReadEvents(IEnumerable<JsonElement> items, VendorEventKind kind, List<string> skipped)
    {
        foreach (var i in items.Where(i => i.ValueKind == JsonValueKind.Object))
        {
            var id = i.Str("id");
            var title = i.Str("name") ?? "(untitled)";
            var started = i.Date("started_at") ?? i.Date("created_at") ?? i.Date("scheduled_for");
            if (id is null || started is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': no id or no valid start date");
                continue;
            }

            var word = i.Str("status");
            var phase = VendorPhases.Parse(word);
            if (phase is null)
            {
                skipped.Add($"{kind.ToString().ToLowerInvariant()} '{title}': unknown status '{word ?? "(none)"}'");
            }

            var impactWord = i.Str("impact");
            var impact = VendorWords.Impact(impactWord);
            var updates = ReadUpdates(i, title, skipped);
            var resolved = i.Date("resolved_at") ?? (phase?.IsFinal() == true ? updates.LastOrDefault()?.At ?? started : null);
            var open = phase is { } p ? !p.IsFinal() : resolved is null;
            yield return new VendorEventRead(id, kind, title, impact, phase ?? VendorPhase.Update, open && resolved is null, started.Value,
                resolved, i.Str("shortlink"), ComponentRefs(i), updates, i.Date("scheduled_for"), i.Date("scheduled_until"));
        }
    }

    private static List<VendorUpdate> ReadUpdates(JsonElement incident, string title, List<string> skipped)
    {
        var updates = new List<VendorUpdate>();
        foreach (var u in incident.Arr("incident_updates").Where(u => u.ValueKind == JsonValueKind.Object))
        {
            var at = u.Date("display_at") ?? u.Date("created_at");
            if (at is null)
            {
                skipped.Add($"update of '{title}': no valid date");
                continue;
            }

            updates.Add(new VendorUpdate(at.Value, VendorPhases.Parse(u.Str("status")) ?? VendorPhase.Update, u.Str("body", TextLimits.Long) ?? ""));
        }

        return [.. updates.OrderBy(u => u.At)];
    }

    /// <summary>Components named by the incident itself and by its updates' affected_components.</summary>
    private static List<VendorComponentRef> ComponentRefs(JsonElement incident)
    {
        var refs = incident.Arr("components").Select(c => (Id: c.Str("id"), Name: c.Str("name")))
            .Concat(incident.Arr("incident_updates").SelectMany(u => u.Arr("affected_components"))
                .Select(c => (Id: c.Str("code"), Name: c.Str("name"))))
            .Where(r => r.Name is not null)
            .Select(r => new VendorComponentRef(r.Id, r.Name!));
        return [.. refs.DistinctBy(r => r.Id ?? r.Name)];
    }

    /// <summary>What the reader gathers, for an adapter to turn into its result.</summary>
    public sealed class Parts
    {
        public string? PageId { get; set; }
        public string? PageName { get; set; }
        public string? PageUrl { get; set; }
        public DateTimeOffset? PageUpdatedAt { get; set; }
        public string? Indicator { get; set; }
        public string? OverallText { get; set; }
        public Domain.Observations.VendorStatus? Overall { get; set; }
        public List<VendorComponentRead> Components { get; } = [];
        public List<VendorEventRead> Incidents { get; } = [];
        public List<VendorEventRead> Maintenances { get; } = [];
        public List<string> Skipped { get; } = [];
    }
}
