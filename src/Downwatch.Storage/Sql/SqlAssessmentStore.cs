using System.Globalization;
using System.Text.Json;
using Dapper;
using Downwatch.Domain.Status;

namespace Downwatch.Storage.Sql;

public sealed class SqlAssessmentStore(IConnectionFactory connections) : IAssessmentStore
{
    private const string DayFormat = "yyyy-MM-dd";
    private readonly Dictionary<(string, string?), string> _lastRecorded = [];
    private readonly Lock _gate = new();

    public async Task RecordAsync(IReadOnlyList<ServiceAssessment> assessments, TimeSpan elapsed, CancellationToken cancellationToken = default)
    {
        var changed = new List<object>();
        var uptime = new List<object>();
        foreach (var service in assessments)
        {
            AddIfChanged(changed, service.Service, null, service);
            foreach (var component in service.Components)
            {
                AddIfChanged(changed, service.Service, component.Component, component);
                if (elapsed > TimeSpan.Zero)
                {
                    uptime.Add(UptimeRow(component, elapsed));
                }
            }
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO assessments (service, component, at, status, diagnosis, confidence, evidence) " +
            "VALUES (@Service, @Component, @At, @Status, @Diagnosis, @Confidence, @Evidence)", changed, tx);
        await connection.ExecuteAsync(
            "INSERT INTO daily_uptime (service, component, day, operational_seconds, degraded_seconds, outage_seconds, maintenance_seconds, unknown_seconds) " +
            "VALUES (@Service, @Component, @Day, @Operational, @Degraded, @Outage, @Maintenance, @Unknown) " +
            "ON CONFLICT (service, component, day) DO UPDATE SET " +
            "operational_seconds = daily_uptime.operational_seconds + excluded.operational_seconds, " +
            "degraded_seconds = daily_uptime.degraded_seconds + excluded.degraded_seconds, " +
            "outage_seconds = daily_uptime.outage_seconds + excluded.outage_seconds, " +
            "maintenance_seconds = daily_uptime.maintenance_seconds + excluded.maintenance_seconds, " +
            "unknown_seconds = daily_uptime.unknown_seconds + excluded.unknown_seconds", uptime, tx);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DailyUptime>> ReadDailyUptimeAsync(string service, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<UptimeDbRow>(
            "SELECT service, component, day, operational_seconds AS Operational, degraded_seconds AS Degraded, outage_seconds AS Outage, " +
            "maintenance_seconds AS Maintenance, unknown_seconds AS Unknown FROM daily_uptime " +
            "WHERE service = @Service AND day >= @From AND day <= @To ORDER BY component, day",
            new { Service = service, From = Day(from), To = Day(to) });
        return rows.Select(r => new DailyUptime(r.Service, r.Component, DateOnly.ParseExact(r.Day, DayFormat, CultureInfo.InvariantCulture),
            r.Operational, r.Degraded, r.Outage, r.Maintenance, r.Unknown)).ToList();
    }

    public async Task<IReadOnlyList<AssessmentRecord>> ReadHistoryAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HistoryDbRow>(
            "SELECT service, component, at, status, diagnosis, confidence, evidence FROM assessments " +
            "WHERE service = @Service AND at > @Since ORDER BY at, id", new { Service = service, Since = since.ToColumn() });
        return rows.Select(r => new AssessmentRecord(r.Service, r.Component, TimeColumns.FromColumn(r.At), (ServiceStatus)r.Status,
            (Diagnosis)r.Diagnosis, (Confidence)r.Confidence, JsonSerializer.Deserialize<List<Evidence>>(r.Evidence) ?? [])).ToList();
    }

    private void AddIfChanged(List<object> rows, string service, string? component, Assessment assessment)
    {
        var key = $"{assessment.Status}/{assessment.Diagnosis}/{assessment.Confidence}";
        lock (_gate)
        {
            if (_lastRecorded.TryGetValue((service, component), out var last) && last == key)
            {
                return;
            }

            _lastRecorded[(service, component)] = key;
        }

        rows.Add(new
        {
            Service = service, Component = component, At = assessment.EvaluatedAt.ToColumn(), Status = (int)assessment.Status,
            Diagnosis = (int)assessment.Diagnosis, Confidence = (int)assessment.Confidence,
            Evidence = JsonSerializer.Serialize(assessment.Evidence),
        });
    }

    private static object UptimeRow(ComponentAssessment c, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        double Is(params ServiceStatus[] statuses) => statuses.Contains(c.Status) ? seconds : 0;
        return new
        {
            c.Service, c.Component, Day = Day(DateOnly.FromDateTime(c.EvaluatedAt.UtcDateTime)),
            Operational = Is(ServiceStatus.Operational), Degraded = Is(ServiceStatus.Degraded),
            Outage = Is(ServiceStatus.PartialOutage, ServiceStatus.MajorOutage), Maintenance = Is(ServiceStatus.Maintenance),
            Unknown = Is(ServiceStatus.Unknown),
        };
    }

    private static string Day(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private sealed class UptimeDbRow
    {
        public string Service { get; init; } = "";
        public string Component { get; init; } = "";
        public string Day { get; init; } = "";
        public double Operational { get; init; }
        public double Degraded { get; init; }
        public double Outage { get; init; }
        public double Maintenance { get; init; }
        public double Unknown { get; init; }
    }

    private sealed class HistoryDbRow
    {
        public string Service { get; init; } = "";
        public string? Component { get; init; }
        public long At { get; init; }
        public int Status { get; init; }
        public int Diagnosis { get; init; }
        public int Confidence { get; init; }
        public string Evidence { get; init; } = "[]";
    }
}
