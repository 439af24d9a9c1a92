using Downwatch.Domain.Answers;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Answers;

/// <summary>The answers people read never claim more than the assessment's evidence, over random observations.</summary>
public class AnswerPropertyTests
{
    private static Gen<ProbeObservation> ProbeGen =>
        from component in Gen.Elements("api", "web")
        from location in Gen.Elements(Locations)
        from ago in Gen.Choose(-60, 40 * 60)
        from outcome in Gen.Elements(ProbeOutcome.Up, ProbeOutcome.Degraded, ProbeOutcome.Down)
        from latency in Gen.Choose(10, 5000)
        select Probe(component, location, TimeSpan.FromSeconds(ago), outcome, latency);

    private static Gen<OfficialStatusObservation> OfficialGen =>
        from component in Gen.Elements<string?>(null, "api", "web")
        from ago in Gen.Choose(0, 40 * 60)
        from status in Gen.Elements(Enum.GetValues<VendorStatus>())
        select new OfficialStatusObservation("acme", component, Now - TimeSpan.FromSeconds(ago), status);

    private static Arbitrary<ServiceAssessment> Assessments =>
        (from probes in ProbeGen.ListOf()
         from official in OfficialGen.ListOf()
         select new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, Signals(probes, official: official))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Is_it_down_says_no_only_with_fresh_evidence_of_health_and_yes_only_for_a_major_outage() =>
        Prop.ForAll(Assessments, a =>
        {
            var word = IsDownAnswer.For(a).Word;
            var saysNo = word == "No";
            var saysYes = word == "Yes";
            return (!saysNo || (a.Status == ServiceStatus.Operational && a.Evidence.Any(e => e.At is not null)))
                && (!saysYes || a.Status == ServiceStatus.MajorOutage)
                && (a.Status != ServiceStatus.Unknown || word == "We can't tell yet");
        });

    [Property(MaxTest = 300)]
    public Property An_error_is_called_the_visitors_own_only_while_the_service_answers_normally_and_an_outage_only_when_one_is_found() =>
        Prop.ForAll(Assessments, Gen.Elements("user", "provider", "either").ToArbitrary(), (a, side) =>
        {
            var verdict = ErrorVerdict.For(a, side);
            return (!verdict.OnTheVisitorsSide || (a.Status == ServiceStatus.Operational && a.Evidence.Any(e => e.At is not null)))
                && (verdict.Token != "yours" || side == "user")
                && (verdict.Token != "outage" || a.Diagnosis == Diagnosis.GlobalOutage)
                && (a.Status != ServiceStatus.Unknown || verdict.Token == "unknown");
        });

    [Property(MaxTest = 300)]
    public Property A_provider_is_usable_only_when_the_evidence_says_it_answers_and_usable_ones_always_come_first() =>
        Prop.ForAll(Assessments, Assessments, Assessments, (a, b, c) =>
        {
            var providers = new[] { ("a", a), ("b", b), ("c", c) }
                .Select(p => ProviderRanking.Of(p.Item1, p.Item2, [120, 80, 200]))
                .ToList();
            var ranked = ProviderRanking.Rank(providers);
            var reversed = ProviderRanking.Rank(Enumerable.Reverse(providers));
            var usableFirst = ranked.SkipWhile(p => p.Usable).All(p => !p.Usable);
            var neverUnknownUsable = ranked.All(p => !p.Usable || p.Status is ServiceStatus.Operational or ServiceStatus.Degraded);
            return usableFirst && neverUnknownUsable && ranked.Select(p => p.Provider).SequenceEqual(reversed.Select(p => p.Provider));
        });

    [Fact]
    public void The_latency_that_ranks_a_provider_is_the_median_of_its_latest_correct_answers()
    {
        var healthy = new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, Signals(Series("api", ProbeOutcome.Up, Locations)));
        Assert.Equal(150, ProviderRanking.Of("acme", healthy, [100, 200, 150]).LatencyMs);
        Assert.Equal(125, ProviderRanking.Of("acme", healthy, [100, 150]).LatencyMs);
        Assert.Null(ProviderRanking.Of("acme", healthy, []).LatencyMs);
        var unknown = new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, Signals());
        Assert.False(ProviderRanking.Of("acme", unknown, [100]).Usable);
        Assert.Equal("We can't tell yet", IsDownAnswer.For(unknown).Word);
    }
}
