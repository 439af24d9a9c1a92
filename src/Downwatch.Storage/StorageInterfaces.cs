using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Storage;

/// <summary>Append-only store of everything observed: probe results, location checks, vendor statuses, reports.</summary>
public interface IObservationStore
{
    Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default);

    /// <summary>Community reports only, in one transaction: the report writer's path, cheaper than a whole signal set.</summary>
    Task AppendReportsAsync(IReadOnlyList<CommunityReport> reports, CancellationToken cancellationToken = default) =>
        AppendAsync(new SignalSet([], [], [], reports), cancellationToken);

    /// <summary>All observations with a time in (since, until].</summary>
    Task<SignalSet> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>The time of the oldest stored probe result, or null when there is none.</summary>
    Task<DateTimeOffset?> OldestProbeAsync(CancellationToken cancellationToken = default);

    /// <summary>Packs the raw probe results with a time in the hour that starts at <paramref name="hour"/> into one compact
    /// row per endpoint and location (merged with what an earlier pack of that hour stored), in one transaction; they
    /// read back as before, latencies to a tenth of a millisecond. Returns how many results were packed.</summary>
    Task<int> PackAsync(DateTimeOffset hour, CancellationToken cancellationToken = default);

    /// <summary>Deletes raw probe results and location checks older than <paramref name="before"/>, a few minutes of
    /// them per statement so that no delete holds the database for long; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Community reports only, with a time in (since, until] (reports are kept longer than probe results).</summary>
    Task<IReadOnlyList<CommunityReport>> ReadReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}

/// <summary>History of assessments and the daily uptime rollups derived from them.</summary>
public interface IAssessmentStore
{
    /// <summary>Records a round of assessments: history rows where something changed, and
    /// <paramref name="elapsed"/> of time added to each component's daily uptime counters.</summary>
    Task RecordAsync(IReadOnlyList<ServiceAssessment> assessments, TimeSpan elapsed, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DailyUptime>> ReadDailyUptimeAsync(string service, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AssessmentRecord>> ReadHistoryAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default);
}

public interface IIncidentStore
{
    /// <summary>Stores a new incident, or a newer version of a stored one: refused (false) when the stored
    /// <see cref="Incident.Version"/> is not the one <paramref name="incident"/> was made from, so that the engine and
    /// people writing at the same moment never overwrite each other's updates.</summary>
    /// <param name="announced">False for a change people made, which the next status round announces (notifications,
    /// live streams, caches) on the node that runs it.</param>
    Task<bool> UpsertAsync(Incident incident, bool announced = true, CancellationToken cancellationToken = default);

    Task<Incident?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Incidents people changed since the last round announced them.</summary>
    Task<IReadOnlyList<Incident>> UnannouncedAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks that version announced (a newer version written meanwhile stays unannounced).</summary>
    Task MarkAnnouncedAsync(Incident incident, CancellationToken cancellationToken = default);

    /// <summary>Incidents that were open at any time after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(string? service, DateTimeOffset since, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Incident>> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of incidents, newest first (by start, then id), strictly after <see cref="IncidentQuery.After"/>.</summary>
    Task<IReadOnlyList<Incident>> PageAsync(IncidentQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A filter and a keyset position for paging through incidents.</summary>
/// <param name="Open">True: only open incidents; false: only resolved; null: both.</param>
/// <param name="After">The last incident of the previous page (its start and id), or null for the first page.</param>
public sealed record IncidentQuery(string? Service, bool? Open, DateTimeOffset Since, (DateTimeOffset StartedAt, string Id)? After, int Limit);

/// <summary>Seconds a component spent in each kind of status on one UTC day.</summary>
public sealed record DailyUptime(string Service, string Component, DateOnly Day, double OperationalSeconds,
    double DegradedSeconds, double OutageSeconds, double MaintenanceSeconds, double UnknownSeconds)
{
    public double MeasuredSeconds => OperationalSeconds + DegradedSeconds + OutageSeconds;

    /// <summary>Share of measured time without an outage, or null when nothing was measured that day.</summary>
    public double? Uptime => MeasuredSeconds <= 0 ? null : (OperationalSeconds + DegradedSeconds) / MeasuredSeconds;
}

/// <summary>One stored assessment (service-level when <see cref="Component"/> is null).</summary>
public sealed record AssessmentRecord(string Service, string? Component, DateTimeOffset At, ServiceStatus Status,
    Diagnosis Diagnosis, Confidence Confidence, IReadOnlyList<Evidence> Evidence);
