using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Inference;

/// <summary>Scenarios of streamed requests (a 529 storm on one model, a stall, TTFT tripled, a model gone) through the real engine.</summary>
public class InferenceRulesTests
{
    private static readonly string[] Two = ["eu-west", "us-east"];

    private static ServiceAssessment Assess(IEnumerable<ProbeObservation> probes) =>
        new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, Signals(probes));

    private static ProbeObservation Ask(string model, string location, TimeSpan ago, string? kind = null, double ttft = 400, double tps = 80) =>
        new("acme", "api", InferenceEndpoint.For(model), location, Now - ago,
            kind is null ? ProbeOutcome.Up : ProbeOutcome.Down, 900, kind is null ? 200 : kind == InferenceFailure.Overloaded ? 529 : 200, kind,
            new ProbeDetails { Model = model, TtftMs = kind is null ? ttft : null, TokensPerSecond = kind is null ? tps : null });

    /// <summary>Front door healthy from both locations.</summary>
    private static IEnumerable<ProbeObservation> FrontDoor() => Series("api", ProbeOutcome.Up, Two).Concat(Series("web", ProbeOutcome.Up, Two));

    /// <summary>Two requests per location in the last 30 minutes.</summary>
    private static IEnumerable<ProbeObservation> Recent(string model, string? kind = null, double ttft = 400, params string[] locations) =>
        (locations.Length == 0 ? Two : locations).SelectMany(l => new[] { Ask(model, l, TimeSpan.FromMinutes(12), kind, ttft), Ask(model, l, TimeSpan.FromMinutes(2), kind, ttft) });

    /// <summary>Correct answers spread over the last day (the model's usual).</summary>
    private static IEnumerable<ProbeObservation> History(string model, double ttft = 400, double tps = 80) =>
        Enumerable.Range(1, 20).Select(i => Ask(model, Two[i % 2], TimeSpan.FromHours(i), null, ttft + (i % 5 * 10), tps - (i % 3)));

    [Fact]
    public void A_529_storm_on_one_model_fails_that_model_and_degrades_the_api_with_a_counted_sentence()
    {
        var a = Assess(FrontDoor().Concat(Recent("big", InferenceFailure.Overloaded)).Concat(Recent("small")));
        var big = a.Models.Single(m => m.Model == "big");
        Assert.Equal(ServiceStatus.MajorOutage, big.Status);
        Assert.Equal((4, 4), (big.Attempts, big.Failures));
        Assert.Equal(InferenceFailure.Overloaded, big.TopFailure);
        Assert.Equal("4 of 4 streamed requests to big failed with overloaded from 2 locations in the last 30 minutes.", big.Evidence.Text);
        Assert.Equal(ServiceStatus.Operational, a.Models.Single(m => m.Model == "small").Status);
        Assert.Equal(ServiceStatus.Degraded, a.FindComponent("api")!.Status);
        Assert.Equal(ServiceStatus.Degraded, a.Status);
        Assert.Contains(a.Evidence, e => e.Text == "1 of 2 probed models is failing or slow: big.");
    }

    [Fact]
    public void Every_model_failing_while_the_front_door_answers_is_a_partial_outage()
    {
        var a = Assess(FrontDoor().Concat(Recent("big", InferenceFailure.Overloaded)).Concat(Recent("small", InferenceFailure.ServerError)));
        Assert.Equal(ServiceStatus.PartialOutage, a.FindComponent("api")!.Status);
        Assert.Equal(ServiceStatus.PartialOutage, a.Status);
        Assert.Equal(Diagnosis.PartialIncident, a.Diagnosis);
        Assert.Equal(Confidence.Medium, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Text == "Inference fails for all 2 probed models, although the API's front door answers normally.");
    }

    [Fact]
    public void A_stall_at_one_location_of_two_is_partial_and_names_where()
    {
        var a = Assess(FrontDoor().Concat(Recent("big", InferenceFailure.Stalled, 400, "eu-west")).Concat(Recent("big", null, 400, "us-east")));
        var big = Assert.Single(a.Models);
        Assert.Equal(ServiceStatus.PartialOutage, big.Status);
        Assert.Equal(["eu-west"], big.FailingLocations);
        Assert.StartsWith("2 of 4 streamed requests to big failed with stream stalled from 2 locations (failing now at 1)", big.Evidence.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_to_first_token_tripled_is_slow_against_the_models_own_usual()
    {
        var a = Assess(FrontDoor().Concat(History("big")).Concat(Recent("big", null, 1300)));
        var big = Assert.Single(a.Models);
        Assert.Equal(ServiceStatus.Degraded, big.Status);
        Assert.True(big.Slow);
        Assert.Equal(1300, big.TtftNowMs);
        // The usual comes from the rollup histogram (buckets a quarter of a doubling wide) of answers between 400 and 440 ms.
        Assert.InRange(big.TtftUsualMs!.Value, 360, 460);
        Assert.Contains("first token after 1,300 ms (usually ", big.Evidence.Text, StringComparison.Ordinal);
        Assert.Contains(", slow", big.Evidence.Text, StringComparison.Ordinal);

        // The same 1,300 ms for a model that is usually that slow is normal.
        var usual = Assess(FrontDoor().Concat(History("big", 1250)).Concat(Recent("big", null, 1300)));
        Assert.Equal(ServiceStatus.Operational, Assert.Single(usual.Models).Status);
    }

    [Fact]
    public void Slow_is_judged_against_the_models_usual_for_this_hour_of_the_week()
    {
        // Four weeks in which the model answers its first token in ~1,200 ms at this hour of the week (a busy hour)
        // and in ~400 ms at every other hour, three answers per hour.
        var history = new List<ProbeObservation>();
        for (var hoursAgo = 1; hoursAgo <= 24 * 28; hoursAgo++)
        {
            var busy = hoursAgo % (24 * 7) == 0;
            for (var n = 0; n < 3; n++)
            {
                history.Add(Ask("big", Two[n % 2], TimeSpan.FromHours(hoursAgo) - TimeSpan.FromMinutes(10 * n), null, busy ? 1200 + (n * 20) : 400 + (n * 20)));
            }
        }

        var baselines = new Downwatch.Domain.History.LatencyBaselines(Downwatch.Domain.History.ProbeRollup.Hourly(history), Now - TimeSpan.FromMinutes(30),
            EngineOptions.Default);
        var locations = new LocationStatus([]);
        var now = Recent("big", null, 1300).ToList();
        var atBusyHour = ModelRules.Evaluate("acme", "api", "big", now, locations, Now, ModelRuleOptions.Default, baselines);
        Assert.Equal(ServiceStatus.Operational, atBusyHour.Status);
        Assert.InRange(atBusyHour.TtftUsualMs!.Value, 1000, 1400);

        // The same answers an hour later, when the usual is ~400 ms: slow.
        var later = now.Select(p => p with { At = p.At + TimeSpan.FromHours(1) }).ToList();
        var atQuietHour = ModelRules.Evaluate("acme", "api", "big", later, locations, Now + TimeSpan.FromHours(1), ModelRuleOptions.Default, baselines);
        Assert.Equal(ServiceStatus.Degraded, atQuietHour.Status);
        Assert.True(atQuietHour.Slow);
        Assert.InRange(atQuietHour.TtftUsualMs!.Value, 350, 470);
    }

    [Fact]
    public void A_model_gone_is_a_major_outage_of_that_model()
    {
        var a = Assess(FrontDoor().Concat(Recent("old", InferenceFailure.ModelNotFound)).Concat(Recent("new")));
        var old = a.Models.Single(m => m.Model == "old");
        Assert.Equal(ServiceStatus.MajorOutage, old.Status);
        Assert.Contains("model not found", old.Evidence.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_key_says_nothing_about_the_provider()
    {
        var a = Assess(FrontDoor().Concat(Recent("big", InferenceFailure.KeyRefused)));
        var big = Assert.Single(a.Models);
        Assert.Equal(ServiceStatus.Unknown, big.Status);
        Assert.Contains("our key or request was refused", big.Evidence.Text, StringComparison.Ordinal);
        Assert.Equal(ServiceStatus.Operational, a.Status);
    }

    [Fact]
    public void Old_results_leave_a_model_unknown_not_operational()
    {
        var a = Assess(FrontDoor().Concat(History("big")));
        var big = Assert.Single(a.Models);
        Assert.Equal(ServiceStatus.Unknown, big.Status);
        Assert.False(big.Usable);
        Assert.Contains("has not been asked recently", big.Evidence.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_from_an_offline_location_do_not_count()
    {
        var offline = new LocationCheck("eu-west", Now - TimeSpan.FromMinutes(20), false, "no network");
        var a = new StatusEngine(new FakeTimeProvider(Now)).Assess(Service,
            Signals(FrontDoor().Concat(Recent("big", InferenceFailure.Overloaded, 400, "eu-west")).Concat(Recent("big", null, 400, "us-east")), [offline]));
        var big = Assert.Single(a.Models);
        Assert.Equal(ServiceStatus.Operational, big.Status);
        Assert.Equal(["us-east"], big.Locations);
    }

    [Fact]
    public void Streamed_requests_only_ever_make_a_status_worse()
    {
        var kinds = new string?[] { null, null, InferenceFailure.Overloaded, InferenceFailure.Stalled, InferenceFailure.WrongAnswer, InferenceFailure.KeyRefused };
        var ask =
            from model in Gen.Elements("a", "b", "c")
            from location in Gen.Elements(Two)
            from minutes in Gen.Choose(0, 40)
            from kind in Gen.Elements(kinds)
            select Ask(model, location, TimeSpan.FromMinutes(minutes), kind);
        var gen =
            from frontUp in Gen.Elements(true, false)
            from asks in Gen.ListOf(ask)
            select (FrontUp: frontUp, Asks: asks.ToList());
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var front = Series("api", input.FrontUp ? ProbeOutcome.Up : ProbeOutcome.Down, Two).Concat(Series("web", ProbeOutcome.Up, Two)).ToList();
            var without = Assess(front);
            var with = Assess(front.Concat(input.Asks));
            return with.Status.Severity() >= without.Status.Severity()
                && with.Components.Zip(without.Components).All(c => c.First.Status.Severity() >= c.Second.Status.Severity())
                && with.Models.All(m => m.Status == ServiceStatus.Unknown || m.Evidence.Supports == m.Status);
        }).QuickCheckThrowOnFailure();
    }
}
