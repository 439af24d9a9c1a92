using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Status.History;
using Downwatch.Status.Cluster;
using Downwatch.Storage;
using Downwatch.Storage.Cluster;

namespace Downwatch.Status;

/// <summary>One round: read recent observations, assess every service, publish, and record history and incidents.</summary>
public sealed partial class AssessmentCycle(
    ServiceCatalog catalog,
    StatusEngine engine,
    StatusBoard board,
    ObservationWindow window,
    ProbeHistory history,
    IObservationStore observations,
    IAssessmentStore assessments,
    IIncidentStore incidents,
    IVendorIncidentStore vendorIncidents,
    IOperatorStatementStore statements,
    IAuditLog audit,
    IStatusRoundStore rounds,
    ILeadership leadership,
    IEnumerable<IStatusChangeListener> listeners,
    TimeProvider time,
    ILogger<AssessmentCycle> log)
{
    /// <summary>How long the audit log of the operator console is kept.</summary>
    public static readonly TimeSpan AuditRetention = TimeSpan.FromDays(400);

    private readonly IStatusChangeListener[] _listeners = [.. listeners];
    private bool _published;
    private long? _followedRound;

    /// <summary>Fills the live window from storage (anew), so a restart, or a node that has just become leader, starts
    /// from every node's recent observations.</summary>
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        window.Clear();
        window.Add(await observations.ReadAsync(now - window.ProbeRetention, now, cancellationToken));
        var older = await observations.ReadReportsAsync(now - window.ReportRetention, now - window.ProbeRetention, cancellationToken);
        window.Add(new Domain.Observations.SignalSet([], [], [], older));
    }

    /// <summary>
    /// The leader's round: assess, publish for the other nodes (fenced: refused once another node has taken the lease,
    /// and then nothing of the round is stored or sent), then record history and incidents and tell the listeners.
    /// </summary>
    /// <returns>False when the round was fenced off.</returns>
    public async Task<bool> RunAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // What operators said (maintenance, overrides, silences) is read every round, so it takes effect on the next one.
        var said = await statements.NotEndedAsync(now, cancellationToken);
        var results = OperatorWord.Apply(
            engine.AssessAll(catalog, OperatorWord.WithoutSilenced(window.Snapshot(now), said, now), history.Baselines), said, now);
        // The board's first content is "not checked yet" for everything: moving away from that is not a change.
        var statuses = _published ? StatusDiff.Between(board.Find, results) : [];

        var changed = new List<Incident>();
        // Updates people posted since the last round are announced by this one (notifications, live streams, caches).
        var told = await incidents.UnannouncedAsync(cancellationToken);
        var open = (await incidents.OpenAsync(cancellationToken))
            .GroupBy(i => i.Service, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(i => i.LedBy is null).ThenByDescending(i => i.StartedAt).First(), StringComparer.Ordinal);
        foreach (var assessment in results)
        {
            var before = open.GetValueOrDefault(assessment.Service);
            var name = catalog.FindService(assessment.Service)?.Name ?? assessment.Service;
            var after = IncidentTracker.Default.Next(before, assessment, name);
            if (after is not null)
            {
                // One incident per problem: the provider's posts about it join our timeline (not a second incident).
                var theirs = await vendorIncidents.ListAsync(after.Service, after.StartedAt - OfficialLag.Lead, cancellationToken);
                after = IncidentTimeline.TakeProviderWords(after, theirs, now);
            }

            if (after is not null && !ReferenceEquals(after, before))
            {
                changed.Add(after);
            }
        }

        var round = new RoundChanges(now, statuses, [.. changed, .. told.Where(t => changed.All(c => c.Id != t.Id))]);
        var published = await rounds.PublishAsync(Leadership.LeaderLease, leadership.Term, now, new RoundPayload(results, round).ToJson(), cancellationToken);
        if (published is not { } id)
        {
            LogFenced(log, leadership.Term);
            return false;
        }

        _followedRound = id;
        board.Update(results);
        _published = true;
        await assessments.RecordAsync(results, elapsed, cancellationToken);
        foreach (var incident in changed)
        {
            // Refused when people updated it since it was read: their update stands, and the next round adds this one's word.
            await incidents.UpsertAsync(incident, announced: true, cancellationToken);
        }

        foreach (var incident in told)
        {
            await incidents.MarkAnnouncedAsync(incident, cancellationToken);
        }

        // Pages and cached answers of this round may have been made before its incidents and uptime were stored.
        board.Republished();
        await TellAsync(round, leader: true, cancellationToken);
        if (id % 100 == 0)
        {
            await rounds.PruneAsync(100, cancellationToken);
            await audit.PruneAsync(now - AuditRetention, cancellationToken);
        }

        return true;
    }

    /// <summary>A follower's round: take the rounds the leader published since the last one seen, in order.</summary>
    /// <returns>How many rounds were taken.</returns>
    public async Task<int> FollowAsync(CancellationToken cancellationToken)
    {
        window.Trim(time.GetUtcNow());
        var taken = 0;
        foreach (var published in await rounds.ReadAfterAsync(_followedRound, 100, cancellationToken))
        {
            var payload = RoundPayload.FromJson(published.Payload);
            _followedRound = published.Id;
            board.Update(payload.Services);
            // The first round taken only sets the board (as after a start); later ones are changes to pass on.
            if (_published)
            {
                await TellAsync(payload.Changes, leader: false, cancellationToken);
            }

            _published = true;
            taken++;
        }

        return taken;
    }

    private async Task TellAsync(RoundChanges round, bool leader, CancellationToken cancellationToken)
    {
        if (round.IsEmpty)
        {
            return;
        }

        foreach (var listener in _listeners.Where(l => leader || !l.LeaderOnly))
        {
            try
            {
                await listener.OnChangesAsync(round, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One failing listener (say, the notification queue's database) must not keep the others uninformed.
                LogListenerFailed(log, listener.GetType().Name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status round not published: the leader lease of term {Term} has passed to another node")]
    private static partial void LogFenced(ILogger logger, long term);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Listener} failed to take a round's changes; the others were still told")]
    private static partial void LogListenerFailed(ILogger logger, string listener, Exception exception);
}
