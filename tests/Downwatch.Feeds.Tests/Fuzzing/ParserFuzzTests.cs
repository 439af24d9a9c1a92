using Downwatch.Domain.Observations;
using Downwatch.Feeds.Mapping;
using Downwatch.Feeds.Reading;
using Downwatch.Feeds.Tests.Mapping;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Downwatch.Feeds.Tests.Fuzzing;

/// <summary>
/// Each parser, fed broken variants of real payloads, either reads something sane or refuses with a
/// <see cref="FeedFormatException"/> — never another exception — and whatever it reads maps onto a service without failing.
/// <see cref="Inputs"/> inputs are tried per parser on every run.
/// </summary>
public class ParserFuzzTests
{
    public const int Inputs = 1000;

    private static readonly DateTimeOffset Now = new(2026, 10, 9, 12, 0, 0, TimeSpan.Zero);

    private static readonly Domain.Catalog.ServiceDefinition Mapped = OfficialStatusMappingTests.Service("acme",
        new() { ["k8w3r06qmzrp"] = "api", ["Copilot"] = "api", ["Vertex Gemini API"] = "api" }, ("api", "API"));

    private static readonly Domain.Catalog.ServiceDefinition ByName = OfficialStatusMappingTests.Service("acme", null, ("api", "API"), ("web", "Website"));

    [Property(MaxTest = Inputs)]
    public Property Statuspage() => Survives("statuspage", "application/json", PayloadMutations.Json(
        "statuspage-v2-summary__claude-console-degraded.json", "statuspage-v2-summary__githubstatus.json", "statuspage-v2-scheduled-maintenances__claude.json"));

    [Property(MaxTest = Inputs)]
    public Property IncidentIo() => Survives("incidentio", "application/json", PayloadMutations.Json("incidentio-statuspage-compat-summary__openai.json"));

    [Property(MaxTest = Inputs)]
    public Property StatuspageHistory() => Survives("statuspage-history", "application/rss+xml", PayloadMutations.Xml(
        "statuspage-history-rss__githubstatus.xml", "statuspage-history-atom__githubstatus.xml"));

    [Property(MaxTest = Inputs)]
    public Property Rss() => Survives("rss", "application/rss+xml", PayloadMutations.Xml("rss-incidents__xai.xml", "statuspage-history-rss__githubstatus.xml"));

    [Property(MaxTest = Inputs)]
    public Property Atom() => Survives("atom", "application/atom+xml", PayloadMutations.Xml("statuspage-history-atom__githubstatus.xml"));

    [Property(MaxTest = Inputs)]
    public Property GoogleCloud() => Survives("google-cloud", "application/json", PayloadMutations.Json("gcp-incidents__vertex-gemini.json"));

    [Property(MaxTest = Inputs)]
    public Property BetterStack() => Survives("betterstack", "application/json", PayloadMutations.Json("betterstack-index-json__together-ai.json"));

    [Property(MaxTest = Inputs)]
    public Property Instatus() => Survives("instatus", "application/json", PayloadMutations.Json(
        "instatus-summary__perplexity.json", "instatus-v2-components__perplexity.json"));

    private static Property Survives(string format, string contentType, Gen<byte[]> bodies) =>
        Prop.ForAll(bodies.ToArbitrary(), body =>
        {
            var payload = new FeedPayload(new Uri("https://status.example/feed"), body, contentType);
            var adapter = Fixture.Adapters.Named(format)!;
            _ = Fixture.Adapters.All.Sum(a => a.Recognize(payload));
            FeedRead read;
            try
            {
                read = adapter.Read(payload);
            }
            catch (FeedFormatException e)
            {
                return !string.IsNullOrWhiteSpace(e.Message);
            }

            _ = OfficialStatusMapping.Map(read, Mapped, "feed", Now);
            _ = OfficialStatusMapping.Map(read, ByName, "feed", Now);
            return Sane(read);
        });

    private static bool Sane(FeedRead read)
    {
        var events = read.Incidents.Concat(read.Maintenances).ToList();
        var dates = events.SelectMany(e => new DateTimeOffset?[] { e.StartedAt, e.ResolvedAt, e.WindowStart, e.WindowEnd }
            .Concat(e.Updates.Select(u => (DateTimeOffset?)u.At))).OfType<DateTimeOffset>();
        return dates.All(d => d >= FeedDates.Earliest && d < FeedDates.Latest)
            && events.All(e => e.Title.Length <= TextLimits.Short && e.Updates.All(u => u.Text.Length <= TextLimits.Long))
            && read.Components.All(c => c.Name.Length <= TextLimits.Short && (c.Status is null || Enum.IsDefined(c.Status.Value)))
            && read.Overall is null or VendorStatus.Operational or VendorStatus.DegradedPerformance or VendorStatus.PartialOutage
                or VendorStatus.MajorOutage or VendorStatus.UnderMaintenance;
    }
}
