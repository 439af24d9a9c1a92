using Downwatch.Domain.Incidents;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage.Tests;

/// <summary>The operator console's stores: accounts, statements, the audit log, incidents people write, dead letters.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task Operator_accounts_round_trip_and_are_replaced_by_name()
    {
        var store = new SqlOperatorStore(_connections);
        var alice = new OperatorAccount("alice", OperatorRole.Admin, "AQAAAAIAAYagAAAAE…", "stamp-1", 0, null, Now);
        await store.SaveAsync(alice);
        await store.SaveAsync(alice with { FailedSignIns = 0, LockedUntil = Now + TimeSpan.FromMinutes(15), Stamp = "stamp-2" });
        await store.SaveAsync(new OperatorAccount("bob", OperatorRole.Editor, "h", "s", 2, null, Now));

        var found = (await store.FindAsync("alice"))!;
        Assert.Equal(Now + TimeSpan.FromMinutes(15), found.LockedUntil);
        Assert.Equal("stamp-2", found.Stamp);
        Assert.Equal(OperatorRole.Admin, found.Role);
        Assert.Null(found.SecondFactor);
        Assert.Equal(0, found.LastCodeStep);

        await store.SaveAsync(found with { SecondFactor = "CfDJ8-protected", LastCodeStep = 59_000_123 });
        var twoStep = (await store.FindAsync("alice"))!;
        Assert.Equal("CfDJ8-protected", twoStep.SecondFactor);
        Assert.Equal(59_000_123, twoStep.LastCodeStep);
        await store.SaveAsync(twoStep with { SecondFactor = null, LastCodeStep = 0 });
        Assert.False((await store.FindAsync("alice"))!.HasSecondFactor);
        Assert.Equal(["alice", "bob"], (await store.ListAsync()).Select(a => a.Name));
        Assert.Null(await store.FindAsync("Alice"));
        Assert.True(await store.DeleteAsync("bob"));
        Assert.False(await store.DeleteAsync("bob"));
    }

    [ContractFact]
    public async Task Statements_are_read_until_they_end_stored_once_per_id_and_end_early()
    {
        var store = new SqlOperatorStatementStore(_connections);
        var set = new StatusOverride("o1", "acme", "api", ServiceStatus.Degraded, "slow", "alice", Now, Now + TimeSpan.FromHours(1));
        var window = new MaintenanceWindow("m1", "acme", ["api", "web"], Now + TimeSpan.FromHours(2), Now + TimeSpan.FromHours(3), "upgrade", "alice");
        var silence = new ProbeSilence("s1", "acme", "web", "flapping", "bob", Now, Now + TimeSpan.FromMinutes(30));
        Assert.True(await store.AddAsync(set));
        Assert.False(await store.AddAsync(set with { Reason = "sent twice" }));
        Assert.True(await store.AddAsync(window));
        Assert.True(await store.AddAsync(silence));

        var now = await store.NotEndedAsync(Now + TimeSpan.FromMinutes(1));
        Assert.Equal([set], now.Overrides);
        Assert.Equal("upgrade", Assert.Single(now.Maintenance).Text);
        Assert.Equal(["api", "web"], now.Maintenance[0].Components);
        Assert.Equal([silence], now.Silences);
        Assert.Empty((await store.NotEndedAsync(Now + TimeSpan.FromMinutes(45))).Silences);

        Assert.True(await store.EndAsync("m1", Now + TimeSpan.FromMinutes(5))); // cancelled before it started
        Assert.True(await store.EndAsync("o1", Now + TimeSpan.FromMinutes(5)));
        Assert.False(await store.EndAsync("o1", Now + TimeSpan.FromMinutes(6)));
        var later = await store.NotEndedAsync(Now + TimeSpan.FromMinutes(6));
        Assert.Empty(later.Overrides);
        Assert.Empty(later.Maintenance);
    }

    [ContractFact]
    public async Task The_audit_log_filters_newest_first_and_prunes()
    {
        var log = new SqlAuditLog(_connections);
        await log.AppendAsync(new AuditEntry(Now - TimeSpan.FromDays(401), "alice", "10.0.0.1", "sign-in", "admin"));
        await log.AppendAsync(new AuditEntry(Now - TimeSpan.FromMinutes(2), "alice", "10.0.0.1", "sign-in", "admin"));
        await log.AppendAsync(new AuditEntry(Now - TimeSpan.FromMinutes(1), "mallory", "203.0.113.9", "sign-in-failed", "unknown name"));

        Assert.Equal(["mallory", "alice", "alice"], (await log.ReadAsync(null, null, 10)).Select(e => e.Actor));
        Assert.Equal("203.0.113.9", Assert.Single(await log.ReadAsync(null, "sign-in-failed", 10)).Address);
        Assert.Equal(2, (await log.ReadAsync("alice", null, 10)).Count);
        Assert.Equal(1, await log.PruneAsync(Now - TimeSpan.FromDays(400)));
        Assert.Equal(2, (await log.ReadAsync(null, null, 10)).Count);
    }

    [ContractFact]
    public async Task An_incident_written_from_an_old_version_is_refused_and_people_changes_wait_for_announcing()
    {
        var store = new SqlIncidentStore(_connections);
        var opened = new Incident("acme-op-1", "acme", "Elevated errors", ServiceStatus.Degraded, Now, null,
            [new IncidentUpdate(Now, IncidentPhase.Investigating, ServiceStatus.Degraded, "Looking.", "alice")]) { LedBy = "alice", Components = ["api"] };
        Assert.True(await store.UpsertAsync(opened, announced: false));
        Assert.False(await store.UpsertAsync(opened, announced: false)); // the same form twice: stored once

        var engineRead = (await store.FindAsync(opened.Id))!;
        Assert.Equal(["api"], engineRead.Components);
        Assert.Equal("alice", engineRead.LedBy);
        Assert.Equal("alice", engineRead.Updates[0].Author);
        var peopleUpdate = engineRead with { Updates = [.. engineRead.Updates, new IncidentUpdate(Now, IncidentPhase.Identified, ServiceStatus.Degraded, "Found it.", "bob")] };
        Assert.True(await store.UpsertAsync(peopleUpdate, announced: false));
        var engineUpdate = engineRead with { Updates = [.. engineRead.Updates, new IncidentUpdate(Now, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Down.")] };
        Assert.False(await store.UpsertAsync(engineUpdate)); // built on version 1, stored is 2: bob's update stands

        var waiting = Assert.Single(await store.UnannouncedAsync());
        Assert.Equal(2, waiting.Version);
        await store.MarkAnnouncedAsync(engineRead); // an older version marked: the newer one still waits
        Assert.Single(await store.UnannouncedAsync());
        await store.MarkAnnouncedAsync(waiting);
        Assert.Empty(await store.UnannouncedAsync());
        Assert.Equal("Found it.", (await store.FindAsync(opened.Id))!.Updates[^1].Text);
    }

    [ContractFact]
    public async Task Dead_letters_are_listed_for_operators_sent_again_or_dropped()
    {
        var store = new SqlDeliveryStore(_connections);
        await store.EnqueueAsync([new NewDelivery("sub-1", "e1", "status", "{}"), new NewDelivery("sub-2", "e2", "status", "{}")], Now);
        var due = await store.DueAsync(Now, 10, []);
        foreach (var d in due)
        {
            await store.MarkDeadAsync(d.Id, 6, Now, "HTTP 500 from receiver");
        }

        var dead = await store.AllDeadLettersAsync(10);
        Assert.Equal(2, dead.Count);
        Assert.True(await store.RetryDeadAsync(dead[0].Id, Now + TimeSpan.FromMinutes(1)));
        Assert.False(await store.RetryDeadAsync(dead[0].Id, Now + TimeSpan.FromMinutes(1)));
        Assert.Equal(dead[0].Id, Assert.Single(await store.DueAsync(Now + TimeSpan.FromMinutes(1), 10, [])).Id);
        Assert.True(await store.DropDeadAsync(dead[1].Id));
        Assert.False(await store.DropDeadAsync(dead[0].Id)); // pending again, not a dead letter
        Assert.Empty(await store.AllDeadLettersAsync(10));
    }
}
