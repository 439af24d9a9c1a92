using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage.Tests;

/// <summary>What every storage backend must do; each backend runs this suite against a real database.</summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private protected IConnectionFactory _connections = default!;

    protected abstract Task<IConnectionFactory> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    /// <summary>A second, empty database of the same engine with the schema as of migration <paramref name="version"/>.</summary>
    private protected abstract Task<EarlierDatabase> EarlierDatabaseAsync(long version);

    private protected sealed class EarlierDatabase(IConnectionFactory connections, Func<ValueTask> drop) : IAsyncDisposable
    {
        public IConnectionFactory Connections => connections;

        public ValueTask DisposeAsync() => drop();
    }

    public async Task InitializeAsync() => _connections = await CreateDatabaseAsync();

    public Task DisposeAsync() => DropDatabaseAsync();

    [ContractFact]
    public async Task Observations_round_trip_within_the_asked_range()
    {
        var store = new SqlObservationStore(_connections);
        var probe = new ProbeObservation("openai", "api", "GET https://api.openai.com/v1/models", "eu-west", Now - TimeSpan.FromMinutes(2),
            ProbeOutcome.Down, 1234.5, 503, "http-5xx");
        var old = probe with { At = Now - TimeSpan.FromDays(2) };
        var check = new LocationCheck("eu-west", Now - TimeSpan.FromMinutes(1), false, "DNS failed");
        var official = new OfficialStatusObservation("openai", null, Now - TimeSpan.FromMinutes(3), VendorStatus.PartialOutage,
            "Elevated error rates", "https://status.openai.com");
        var report = new CommunityReport("openai", Now - TimeSpan.FromMinutes(4), "client-1", "api-errors");
        await store.AppendAsync(new SignalSet([probe, old], [check], [official], [report]));

        var read = await store.ReadAsync(Now - TimeSpan.FromDays(1), Now);
        Assert.Equal([probe], read.Probes);
        Assert.Equal(1, await store.PruneAsync(Now - TimeSpan.FromDays(1)));
        Assert.Single((await store.ReadAsync(Now - TimeSpan.FromDays(3), Now)).Probes);
        Assert.Equal([check], read.LocationChecks);
        Assert.Equal([official], read.Official);
        Assert.Equal([report], read.Reports);
    }

    [ContractFact]
    public async Task A_reporter_counts_once_per_service_and_vote_window_and_keeps_its_note_and_region()
    {
        var store = new SqlObservationStore(_connections);
        var windowStart = Downwatch.Domain.Reports.ReportCategories.VoteWindowStart(Now - TimeSpan.FromHours(2), TimeSpan.FromMinutes(15));
        var first = new CommunityReport("openai", windowStart + TimeSpan.FromMinutes(1), "fp-1", "slow", "Answers take <b>40 s</b>", "eu");
        var again = first with { At = windowStart + TimeSpan.FromMinutes(14), Category = "api-errors" };
        var otherService = first with { Service = "anthropic" };
        var nextWindow = first with { At = windowStart + TimeSpan.FromMinutes(15) };
        await store.AppendAsync(new SignalSet([], [], [], [first, again, otherService]));
        await store.AppendAsync(new SignalSet([], [], [], [again, nextWindow]));

        var read = await store.ReadReportsAsync(Now - TimeSpan.FromDays(1), Now);
        Assert.Equal([otherService, first, nextWindow], read.OrderBy(r => r.At).ThenBy(r => r.Service, StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task A_result_sent_twice_is_stored_once_with_its_details()
    {
        var store = new SqlObservationStore(_connections);
        var details = new ProbeDetails { DnsMs = 1.5, ConnectMs = 2, TlsMs = 30, TtfbMs = 80, TlsProtocol = "Tls13", TlsIssuer = "R11", TlsDaysLeft = 41,
            ContentType = "application/json", RecognizedError = "authentication-failed", Detail = "answered 401 as expected", ResultId = "r-1" };
        var probe = new ProbeObservation("openai", "api", "GET https://api.openai.com/v1/models", "eu-west", Now - TimeSpan.FromMinutes(1),
            ProbeOutcome.Up, 120, 401, null, details);
        await store.AppendAsync(new SignalSet([probe], [], [], []));
        await store.AppendAsync(new SignalSet([probe, probe with { At = probe.At.AddSeconds(1), Details = details with { ResultId = "r-2" } }], [], [], []));
        var read = await store.ReadAsync(Now - TimeSpan.FromHours(1), Now);
        Assert.Equal(["r-1", "r-2"], read.Probes.Select(p => p.Details!.ResultId).Order());
        Assert.Equal(details, read.Probes.Single(p => p.Details!.ResultId == "r-1").Details);
    }

    [ContractFact]
    public async Task Assessment_history_keeps_changes_and_uptime_accumulates_per_day()
    {
        var store = new SqlAssessmentStore(_connections);
        await store.RecordAsync([Assessment(ServiceStatus.Operational, Now)], TimeSpan.FromMinutes(30));
        await store.RecordAsync([Assessment(ServiceStatus.Operational, Now + TimeSpan.FromMinutes(1))], TimeSpan.FromMinutes(30));
        await store.RecordAsync([Assessment(ServiceStatus.MajorOutage, Now + TimeSpan.FromMinutes(2))], TimeSpan.FromMinutes(20));

        var history = await store.ReadHistoryAsync("acme", Now - TimeSpan.FromHours(1));
        Assert.Equal([ServiceStatus.Operational, ServiceStatus.Operational, ServiceStatus.MajorOutage, ServiceStatus.MajorOutage],
            history.Select(h => h.Status));
        Assert.Equal([null, "api", null, "api"], history.Select(h => h.Component));
        Assert.Contains("probes", history[2].Evidence[0].Text, StringComparison.Ordinal);

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var day = Assert.Single(await store.ReadDailyUptimeAsync("acme", today.AddDays(-89), today));
        Assert.Equal(3600, day.OperationalSeconds);
        Assert.Equal(1200, day.OutageSeconds);
        Assert.Equal(0.75, day.Uptime!.Value, 3);
    }

    [ContractFact]
    public async Task Ninety_daily_values_per_component_are_kept_and_read_back_in_order()
    {
        var store = new SqlAssessmentStore(_connections);
        for (var i = 0; i < 95; i++)
        {
            await store.RecordAsync([Assessment(i % 10 == 0 ? ServiceStatus.MajorOutage : ServiceStatus.Operational, Now - TimeSpan.FromDays(i))],
                TimeSpan.FromHours(1));
        }

        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var days = await store.ReadDailyUptimeAsync("acme", today.AddDays(-89), today);
        Assert.Equal(90, days.Count);
        Assert.Equal(today.AddDays(-89), days[0].Day);
        Assert.Equal(0, days[^1].Uptime);
        Assert.Equal(1, days[^2].Uptime);
    }

    [ContractFact]
    public async Task Incidents_are_upserted_and_listed_newest_first()
    {
        var store = new SqlIncidentStore(_connections);
        var first = new Incident("acme-1", "acme", "Acme AI: major outage detected", ServiceStatus.MajorOutage, Now - TimeSpan.FromDays(40),
            Now - TimeSpan.FromDays(39), [new IncidentUpdate(Now - TimeSpan.FromDays(40), IncidentPhase.Investigating, ServiceStatus.MajorOutage, "down")]);
        var open = first with { Id = "acme-2", StartedAt = Now - TimeSpan.FromHours(1), ResolvedAt = null };
        Assert.True(await store.UpsertAsync(first));
        Assert.True(await store.UpsertAsync(open));
        var stored = (await store.FindAsync("acme-2"))!;
        Assert.Equal(1, stored.Version);
        Assert.Empty(stored.ProviderUpdates);
        var theirs = new ProviderUpdate("v-1", "Elevated errors", Now - TimeSpan.FromMinutes(50), VendorPhase.Identified, "A bad deploy.",
            "https://status.acme.test/incidents/v-1");
        var updated = stored with
        {
            Updates = [.. open.Updates, new IncidentUpdate(Now, IncidentPhase.Monitoring, ServiceStatus.Operational, "back")],
            ProviderUpdates = [theirs],
        };
        Assert.True(await store.UpsertAsync(updated));

        var recent = await store.ListAsync("acme", Now - TimeSpan.FromDays(30));
        var only = Assert.Single(recent);
        Assert.Equal("acme-2", only.Id);
        Assert.Equal(2, only.Updates.Count);
        Assert.Equal(IncidentPhase.Monitoring, only.Phase);
        Assert.Equal([theirs], only.ProviderUpdates);
        Assert.Equal(2, (await store.ListAsync(null, Now - TimeSpan.FromDays(60))).Count);
        Assert.Equal(["acme-2"], (await store.OpenAsync()).Select(i => i.Id));
    }

    [ContractFact]
    public async Task Vendor_incidents_round_trip_and_one_no_longer_listed_is_closed_at_the_read()
    {
        var store = new SqlOfficialStatusStore(_connections);
        var update = new VendorUpdate(Now - TimeSpan.FromHours(2), VendorPhase.Investigating, "We are investigating elevated errors.");
        var open = new VendorIncident("acme", "inc-1", VendorEventKind.Incident, "Elevated errors", VendorStatus.PartialOutage, VendorPhase.Investigating,
            Now - TimeSpan.FromHours(2), null, null, null, "https://stspg.io/x", ["api"], [update], "https://status.acme.example/api/v2/summary.json");
        var maintenance = open with
        {
            Id = "m-1", Kind = VendorEventKind.Maintenance, Title = "Upgrade", Impact = VendorStatus.UnderMaintenance, Phase = VendorPhase.Scheduled,
            WindowStart = Now + TimeSpan.FromHours(1), WindowEnd = Now + TimeSpan.FromHours(2), Updates = [],
        };
        await store.SyncAsync("acme", open.Source, [open, maintenance], Now - TimeSpan.FromMinutes(5));
        var listed = await store.ListAsync("acme", Now - TimeSpan.FromDays(7));
        Assert.Equal(2, listed.Count);
        var read = listed.Single(i => i.Id == "inc-1");
        Assert.Equal(open with { Components = read.Components, Updates = read.Updates }, read);
        Assert.Equal(["api"], read.Components);
        Assert.Equal([update], read.Updates);

        var identified = open with { Phase = VendorPhase.Identified, Updates = [update, update with { Phase = VendorPhase.Identified, Text = "Found it." }] };
        await store.SyncAsync("acme", open.Source, [identified], Now);
        var after = await store.ListAsync("acme", Now - TimeSpan.FromDays(7));
        Assert.Equal(VendorPhase.Identified, after.Single(i => i.Id == "inc-1").Phase);
        Assert.True(after.Single(i => i.Id == "inc-1").IsOpen);
        Assert.Equal(Now, after.Single(i => i.Id == "m-1").ResolvedAt);
        Assert.Empty(await store.ListAsync("other", Now - TimeSpan.FromDays(7)));
    }

    [ContractFact]
    public async Task Feed_state_is_saved_and_replaced()
    {
        var store = new SqlOfficialStatusStore(_connections);
        Assert.Null(await store.GetAsync("https://status.acme.example/api/v2/summary.json"));
        var state = new FeedState("https://status.acme.example/api/v2/summary.json")
        {
            ETag = "\"abc\"", LastModified = "Wed, 25 Nov 2026 11:00:00 GMT", ContentType = "application/json", Body = [1, 2, 3], Format = "statuspage",
            Summary = "All Systems Operational", LastReadAt = Now, LastAttemptAt = Now,
        };
        await store.SaveAsync(state);
        var failed = state with { LastAttemptAt = Now + TimeSpan.FromMinutes(1), LastError = "HTTP 500", LastErrorAt = Now + TimeSpan.FromMinutes(1), Failures = 1 };
        await store.SaveAsync(failed);
        var read = await store.GetAsync(state.Source);
        Assert.Equal(failed with { Body = read!.Body }, read);
        Assert.Equal([1, 2, 3], read.Body);
    }

    [ContractFact]
    public async Task The_latest_official_read_of_each_component_is_found()
    {
        var observations = new SqlObservationStore(_connections);
        OfficialStatusObservation Read(string? component, int minutesAgo, VendorStatus status) =>
            new("acme", component, Now - TimeSpan.FromMinutes(minutesAgo), status, $"{component} {status}", "https://status.acme.example");
        await observations.AppendAsync(new SignalSet([], [],
            [Read("api", 3, VendorStatus.MajorOutage), Read("api", 1, VendorStatus.Operational), Read(null, 2, VendorStatus.DegradedPerformance),
             Read("console", 30, VendorStatus.PartialOutage), Read("api", 0, VendorStatus.DegradedPerformance) with { Service = "other" }], []));
        var latest = await new SqlOfficialStatusStore(_connections).LatestAsync("acme", Now - TimeSpan.FromMinutes(15));
        Assert.Equal([Read(null, 2, VendorStatus.DegradedPerformance), Read("api", 1, VendorStatus.Operational)], latest);
    }

    private static ServiceAssessment Assessment(ServiceStatus status, DateTimeOffset at)
    {
        var evidence = new[] { new Evidence(EvidenceSource.Probes, $"probes say {status}", at, status) };
        var component = new ComponentAssessment("acme", "api", status, Diagnosis.Inconclusive, Confidence.Low, evidence, at);
        return new ServiceAssessment("acme", status, Diagnosis.Inconclusive, Confidence.Low, evidence, at, [component]);
    }
}
