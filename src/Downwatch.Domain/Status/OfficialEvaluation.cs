using System.Globalization;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>What the vendor's own status page says about a component (the secondary signal). <see cref="Stale"/>
/// when its feed has not been read for <see cref="EngineOptions.OfficialFreshness"/>: then it is what the provider
/// last reported.</summary>
public sealed record OfficialVerdict(ServiceStatus Status, Evidence Evidence, bool Stale = false);

public static class OfficialEvaluation
{
    /// <summary>The freshest vendor read for the component or the whole service, the worse of the two; with no fresh
    /// read, the last one within <see cref="EngineOptions.OfficialLastReported"/>, marked stale (a problem it reported
    /// stays as "last reported" instead of vanishing when the feed stops answering).</summary>
    public static OfficialVerdict? Evaluate(string component, string componentName, IReadOnlyList<OfficialStatusObservation> official,
        DateTimeOffset now, EngineOptions options)
    {
        var fresh = official.Where(o => o.At <= now && o.At > now - options.OfficialFreshness).ToList();
        if (fresh.Count == 0)
        {
            return LastReported(component, componentName, official, now, options);
        }

        var forComponent = Latest(fresh.Where(o => o.Component == component));
        var forService = Latest(fresh.Where(o => o.Component is null));
        var chosen = (forComponent, forService) switch
        {
            (null, null) => null,
            (not null, null) => forComponent,
            (null, not null) => forService,
            _ => Map(forService!.Status).Severity() > Map(forComponent!.Status).Severity() ? forService : forComponent,
        };
        if (chosen is null)
        {
            return null;
        }

        var status = Map(chosen.Status);
        var at = chosen.At.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var what = chosen.Component is null ? "the whole service" : componentName;
        var title = string.IsNullOrWhiteSpace(chosen.Title) ? "" : $": \"{chosen.Title}\"";
        var page = Uri.TryCreate(chosen.SourceUrl, UriKind.Absolute, out var source) ? $" ({source.Host})" : "";
        var text = $"The provider's status page{page} says {status.Title().ToLowerInvariant()} for {what}{title} (read {at} UTC).";
        return new OfficialVerdict(status, new Evidence(EvidenceSource.Official, text, chosen.At, status));
    }

    private static OfficialVerdict? LastReported(string component, string componentName,
        IReadOnlyList<OfficialStatusObservation> official, DateTimeOffset now, EngineOptions options)
    {
        var kept = official.Where(o => o.At <= now && o.At > now - options.OfficialLastReported
            && (o.Component is null || o.Component == component)).ToList();
        if (Latest(kept) is not { } last)
        {
            return null;
        }

        var said = Map(last.Status);
        var at = last.At.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var what = last.Component is null ? "the whole service" : componentName;
        var title = string.IsNullOrWhiteSpace(last.Title) ? "" : $": \"{last.Title}\"";
        var problem = said.Severity() >= ServiceStatus.Maintenance.Severity();
        var text = problem
            ? $"Last reported by the provider: {said.Title().ToLowerInvariant()} for {what}{title}. Its status feed is stale: not read successfully since {at} UTC."
            : $"The provider's status feed is stale: not read successfully since {at} UTC (it last said {said.Title().ToLowerInvariant()} for {what}).";
        var status = problem ? said : ServiceStatus.Unknown;
        return new OfficialVerdict(status, new Evidence(EvidenceSource.Official, text, last.At, status), Stale: true);
    }

    /// <summary>The newest read; among reads of the same instant, the worst.</summary>
    private static OfficialStatusObservation? Latest(IEnumerable<OfficialStatusObservation> reads) =>
        reads.OrderBy(o => o.At).ThenBy(o => Map(o.Status).Severity()).ThenBy(o => o.Title, StringComparer.Ordinal).LastOrDefault();

    public static ServiceStatus Map(VendorStatus status) => status switch
    {
        VendorStatus.Operational => ServiceStatus.Operational,
        VendorStatus.DegradedPerformance => ServiceStatus.Degraded,
        VendorStatus.PartialOutage => ServiceStatus.PartialOutage,
        VendorStatus.MajorOutage => ServiceStatus.MajorOutage,
        VendorStatus.UnderMaintenance => ServiceStatus.Maintenance,
        _ => ServiceStatus.Unknown,
    };
}
