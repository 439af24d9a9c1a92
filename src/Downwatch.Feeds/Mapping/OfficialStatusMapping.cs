using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Mapping;

/// <summary>What one read means for one of our services: vendor statuses per component (or for the whole service) and its incidents.
/// Every observation's source is the vendor's human status page, so evidence can name it.</summary>
public sealed record MappedRead(IReadOnlyList<OfficialStatusObservation> Observations, IReadOnlyList<VendorIncident> Incidents,
    IReadOnlyList<string> Notes);

/// <summary>
/// Pure mapping of a <see cref="FeedRead"/> onto a catalog service. Vendor component statuses map onto our components;
/// open incidents raise the components they name (or, on a page that is the service's own, the whole service);
/// a maintenance whose window is underway gives Maintenance; incidents-only feeds say operational when nothing is open.
/// With an explicit mapping only the mapped vendor components speak, so a shared page (GitHub's for Copilot, Google
/// Cloud's for Vertex AI) never lends its other products' troubles to our service.
/// </summary>
public static class OfficialStatusMapping
{
    /// <summary>Resolved incidents and ended maintenances are kept this long for the pages.</summary>
    public static readonly TimeSpan KeepClosedFor = TimeSpan.FromDays(7);

    public static MappedRead Map(FeedRead read, ServiceDefinition service, string source, DateTimeOffset now)
    {
        var matcher = new ComponentMatcher(service);
        var pageUrl = service.StatusPage?.Url ?? read.PageUrl ?? source;
        var claims = new Dictionary<string, Claim>(StringComparer.Ordinal);
        var notes = new List<string>();

        foreach (var vc in read.Components.Where(c => c.Status is not null))
        {
            if (matcher.Match(vc.Id, vc.Name) is { } slug)
            {
                var title = vc.Status == VendorStatus.Operational ? vc.Name : $"{vc.Name}: {VendorWords.Describe(vc.Status!.Value)}";
                Raise(claims, slug, new Claim(vc.Status!.Value, title, pageUrl, FromComponent: true));
            }
        }

        Claim? whole = null;
        foreach (var incident in read.Incidents.Where(i => i.IsOpen && i.StartedAt <= now + TimeSpan.FromDays(1)))
        {
            var impact = incident.Impact ?? VendorStatus.DegradedPerformance;
            var slugs = Slugs(incident, matcher);
            if (slugs.Count == 0 && !matcher.IsExplicit)
            {
                whole = Worse(whole, new Claim(impact, incident.Title, pageUrl, false));
            }

            foreach (var slug in slugs)
            {
                if (claims.TryGetValue(slug, out var known) && known.FromComponent)
                {
                    // The component's own status stands; the incident gives it words and a link.
                    claims[slug] = known.Status == VendorStatus.Operational ? known : known with { Title = incident.Title };
                }
                else if (impact != VendorStatus.Operational)
                {
                    Raise(claims, slug, new Claim(impact, incident.Title, pageUrl, false));
                }
            }
        }

        foreach (var maintenance in read.Maintenances.Select(m => ToIncident(m, service.Slug, source, [])).Where(m => m.IsMaintenanceUnderway(now)))
        {
            var slugs = Slugs(read.Maintenances.First(m => m.Id == maintenance.Id), matcher);
            var claim = new Claim(VendorStatus.UnderMaintenance, $"Maintenance: {maintenance.Title}", pageUrl, false);
            if (slugs.Count == 0 && !matcher.IsExplicit && (whole is null || VendorWords.Rank(whole.Status) < 1))
            {
                whole = claim;
            }

            foreach (var slug in slugs.Where(s => !claims.TryGetValue(s, out var c) || VendorWords.Rank(c.Status) < 1))
            {
                claims[slug] = claim;
            }
        }

        if (read.IncidentsOnly && matcher.IsExplicit)
        {
            foreach (var slug in service.StatusPage!.Components.Values.Distinct().Where(s => !claims.ContainsKey(s)))
            {
                claims[slug] = new Claim(VendorStatus.Operational, "no open incident in the provider's feed", pageUrl, false);
            }
        }
        else if (matcher.IsExplicit)
        {
            notes.AddRange(matcher.Missing(read).Select(k => $"mapped vendor component '{k}' is not on the page"));
        }

        var observations = claims.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new OfficialStatusObservation(service.Slug, c.Key, now, c.Value.Status, c.Value.Title, c.Value.Url)).ToList();
        if (!matcher.IsExplicit && (read.Overall is not null || whole is not null))
        {
            var overall = read.Overall is { } o ? new Claim(o, read.OverallText ?? VendorWords.Describe(o), pageUrl, true) : null;
            var chosen = Worse(overall, whole)!;
            observations.Add(new OfficialStatusObservation(service.Slug, null, now, chosen.Status, chosen.Title, chosen.Url));
        }

        var incidents = read.Incidents.Concat(read.Maintenances)
            .Select(e => (Event: e, Slugs: Slugs(e, matcher)))
            .Where(x => (x.Slugs.Count > 0 || !matcher.IsExplicit) && IsRecent(x.Event, now))
            .Select(x => ToIncident(x.Event, service.Slug, source, x.Slugs)).ToList();
        return new MappedRead(observations, incidents, notes);
    }

    private static List<string> Slugs(VendorEventRead e, ComponentMatcher matcher)
    {
        // A mapped service hears an event through the components it names, else (a feed without components, or one whose
        // components are other products and regions, like Azure's) through a mapped name in its title.
        var slugs = e.Components.Select(matcher.Match).OfType<string>().ToList();
        if (matcher.IsExplicit && slugs.Count == 0)
        {
            slugs.AddRange(matcher.MentionedIn(e.Title));
        }

        return [.. slugs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static bool IsRecent(VendorEventRead e, DateTimeOffset now) =>
        e.IsOpen || (e.ResolvedAt ?? e.WindowEnd ?? e.StartedAt) >= now - KeepClosedFor;

    private static VendorIncident ToIncident(VendorEventRead e, string service, string source, IReadOnlyList<string> components) =>
        new(service, e.Id, e.Kind, e.Title, e.Impact, e.Phase, e.StartedAt, e.IsOpen ? null : e.ResolvedAt ?? e.WindowEnd ?? e.StartedAt,
            e.WindowStart, e.WindowEnd, WebLink(e.Url), components, e.Updates, source);

    /// <summary>A feed's link as pages may show it: absolute http(s) only (a hostile feed's "javascript:" link is dropped).</summary>
    private static string? WebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? url : null;

    private static void Raise(Dictionary<string, Claim> claims, string slug, Claim claim)
    {
        if (!claims.TryGetValue(slug, out var known) || VendorWords.Rank(claim.Status) > VendorWords.Rank(known.Status))
        {
            claims[slug] = claim;
        }
    }

    private static Claim? Worse(Claim? a, Claim? b) =>
        a is null ? b : b is null ? a : VendorWords.Rank(b.Status) > VendorWords.Rank(a.Status) ? b : a;

    private sealed record Claim(VendorStatus Status, string Title, string? Url, bool FromComponent);
}
