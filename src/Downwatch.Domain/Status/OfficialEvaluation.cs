using System.Globalization;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>What the vendor's own status page says about a component (the secondary signal).</summary>
public sealed record OfficialVerdict(ServiceStatus Status, Evidence Evidence);

public static class OfficialEvaluation
{
    /// <summary>The freshest vendor read for the component or the whole service, the worse of the two.</summary>
    public static OfficialVerdict? Evaluate(string component, string componentName, IReadOnlyList<OfficialStatusObservation> official,
        DateTimeOffset now, EngineOptions options)
    {
        var fresh = official.Where(o => o.At <= now && o.At > now - options.OfficialFreshness).ToList();
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
